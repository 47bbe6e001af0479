package io.jnetkit.cli.link;

import io.jnetkit.cli.Exit.UsageException;
import io.jnetkit.rtnl.NetkitMode;
import io.jnetkit.rtnl.NetkitPolicy;
import io.jnetkit.rtnl.NetkitScrub;
import io.jnetkit.rtnl.NetkitSpec;
import io.jnetkit.rtnl.VethSpec;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.Arrays;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** iproute2's {@code ip link add} grammar, word for word, without a kernel. */
class LinkAddWordsTest {
    private static Object parse(String line) {
        return LinkAddWords.parse(Arrays.asList(line.split(" ")), ns -> {
            throw new AssertionError("no netns expected");
        });
    }

    @Test
    void theSeedsCommandLeavesEverythingToTheKernel() {
        NetkitSpec s = (NetkitSpec) parse("task_nk type netkit");
        assertEquals("task_nk", s.name());
        assertNull(s.mode());
        assertNull(s.policy());
        assertNull(s.scrub());
        assertNull(s.peer().name());
        assertFalse(s.up());
    }

    @Test
    void everyNetkitWord() {
        NetkitSpec s = (NetkitSpec) parse("name nk-h mtu 9000 type netkit mode l2 blackhole scrub none headroom 32 "
                + "tailroom 8 peer forward scrub default name nk-p mtu 1400 address 02:00:00:00:00:02");
        assertEquals("nk-h", s.name());
        assertEquals(9000, s.mtu());
        assertEquals(NetkitMode.L2, s.mode());
        assertEquals(NetkitPolicy.BLACKHOLE, s.policy());
        assertEquals(NetkitScrub.NONE, s.scrub());
        assertEquals(32, s.headroom());
        assertEquals(8, s.tailroom());
        assertEquals(NetkitPolicy.FORWARD, s.peerPolicy());
        assertEquals(NetkitScrub.DEFAULT, s.peerScrub());
        assertEquals("nk-p", s.peer().name());
        assertEquals(1400, s.peer().mtu());
        assertEquals("02:00:00:00:00:02", s.peer().address().toString());
    }

    @Test
    void aBarePeerNameLikeIproute2() {
        NetkitSpec s = (NetkitSpec) parse("a type netkit peer b");
        assertEquals("b", s.peer().name());
        VethSpec v = (VethSpec) parse("v0 type veth peer name v1");
        assertEquals("v1", v.peer().name());
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "a type netkit mode l4                 | invalid netkit mode \"l4\": expected one of l2, l3",
            "a type netkit mode l2 mode l3         | duplicate \"mode\"",
            "a type netkit forward blackhole       | duplicate \"policy\"",
            "a type netkit peer b mode l2          | \"mode\" is not allowed after \"peer\" (mode is pair-wide",
            "a type netkit peer b c                | unknown word \"c\"",
            "a type netkit headroom 70000          | headroom 70000 is out of range 0..65535",
            "a type netkit frob                    | unknown word \"frob\"; expected mode, forward, blackhole",
            "a type bridge                         | unsupported type \"bridge\"",
            "a                                     | missing \"type netkit\" or \"type veth\"",
            "type netkit                           | missing the device NAME",
            "a type veth peer b forward            | unknown word \"forward\"",
            "a address zz type netkit              | invalid MAC address \"zz\"",
            "a mtu big type netkit                 | mtu \"big\" is not a number",
            "a mtu 4294967296 type netkit          | mtu 4294967296 is out of range 68..65535",
            "a mtu -99999999999 type netkit        | mtu -99999999999 is out of range 68..65535",
            "a type veth peer b mtu 99999999999    | peer mtu 99999999999 is out of range 68..65535",
    })
    void badInputSaysWhatIsWrong(String line, String expected) {
        UsageException e = assertThrows(UsageException.class, () -> parse(line.trim()));
        assertTrue(e.getMessage().contains(expected), e.getMessage());
        assertTrue(e.getMessage().startsWith("link add: "), e.getMessage());
    }

    @Test
    void namesTooLongAreRefusedBeforeTheKernel() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> parse("a_name_of_16_byte type netkit"));
        assertTrue(e.getMessage().contains("15"), e.getMessage());
    }
}
