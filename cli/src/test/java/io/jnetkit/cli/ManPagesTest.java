package io.jnetkit.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The man pages as man shows them: one per command, each formatted by groff with every warning
 * turned on (-ww) without a single one, every page they refer to present, and {@code man -l}
 * showing the summary. groff and man come from Debian's groff-base and man-db (bin/setup).
 */
class ManPagesTest {
    @Test
    void onePagePerCommandAndEveryReferenceResolves() {
        Map<String, String> pages = ManPages.pages();
        assertEquals(HelpTreeTest.allCommands().size(), pages.size(), pages.keySet().toString());
        assertTrue(pages.containsKey("jnetkit.1") && pages.containsKey("jnetkit-link-add.1"), pages.keySet().toString());
        Matcher ref = Pattern.compile("(?m)^\\.BR (jnetkit\\S*) \\(1\\)").matcher(String.join("\n", pages.values()));
        int n = 0;
        while (ref.find()) {
            String target = ref.group(1).replace("\\-", "-") + ".1";
            assertTrue(pages.containsKey(target), "a page refers to " + target + ", which does not exist");
            n++;
        }
        assertTrue(n > pages.size(), "references: " + n);
    }

    @Test
    void groffFormatsEveryPageWithoutAWarning(@TempDir Path dir) throws Exception {
        for (Map.Entry<String, String> e : ManPages.pages().entrySet()) {
            Path page = dir.resolve(e.getKey());
            Files.writeString(page, e.getValue());
            Result r = run(List.of("groff", "-man", "-Tutf8", "-ww", "-z", page.toString()));
            assertEquals(0, r.exit, e.getKey() + ": " + r.err);
            assertEquals("", r.err, e.getKey() + ": groff warns");
        }
    }

    @Test
    void manShowsTheSummaryAndTheExamples(@TempDir Path dir) throws Exception {
        ManPages.main(new String[] {dir.toString()});
        Result r = run(List.of("man", "--warnings", "-l", dir.resolve("jnetkit-policy-apply.1").toString()));
        assertEquals(0, r.exit, r.err);
        assertEquals("", r.err);
        assertTrue(r.out.contains("jnetkit-policy-apply - Compile a policy and attach it to a hook as a pinned link,"), r.out);
        assertTrue(r.out.contains("/sys/fs/bpf/jnetkit/<netns>/<dev>/<hook>/policy;"), "hyphenated: " + r.out);
        assertTrue(r.out.contains("jnetkit policy apply nk0 peer 'count deny tcp dport 12345; allow any'"), r.out);
        assertTrue(r.out.contains("--file=FILE"), r.out);
    }

    private record Result(int exit, String out, String err) {}

    private static Result run(List<String> cmd) throws IOException, InterruptedException {
        ProcessBuilder pb = new ProcessBuilder(cmd);
        pb.environment().put("MANWIDTH", "100");
        pb.environment().put("MAN_KEEP_FORMATTING", "0");
        pb.environment().put("LC_ALL", "C.UTF-8");
        pb.environment().remove("MANPAGER");
        pb.environment().put("PAGER", "cat");
        Process p = pb.start();
        p.getOutputStream().close();
        // small outputs: read stderr after stdout
        // man formats for a terminal: bold and underline as overstrikes (X BACKSPACE X), taken out here
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).replaceAll(".\u0008", "");
        String err = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(60, TimeUnit.SECONDS), cmd + " did not end");
        return new Result(p.exitValue(), out, err);
    }
}
