package io.jnetkit.bpf;

/**
 * Where in a hook's program list to attach, relative to the list or to something already
 * in it (mprog, Linux 6.6). Maps to BPF_F_BEFORE / BPF_F_AFTER plus BPF_F_ID or BPF_F_LINK and a
 * relative fd or id; jnetkit never exposes the raw flags.
 *
 * <ul>
 *   <li>{@link #head()}: first in the list; {@link #tail()}: last (the default);</li>
 *   <li>{@link #before(Program)} / {@link #after(Program)}: next to an attached program;</li>
 *   <li>{@link #beforeLink(BpfLink)} / {@link #afterLink(BpfLink)}: next to a link's program;</li>
 *   <li>{@link #beforeId(int)} / {@link #afterId(int)}: next to the program with that id;
 *       {@link #beforeLinkId(int)} / {@link #afterLinkId(int)}: next to the link with that id.</li>
 * </ul>
 * A relative object not in the list gives ENOENT; conflicting placement ERANGE.
 */
public sealed interface Anchor {
    record Head() implements Anchor {}

    record Tail() implements Anchor {}

    record BeforeProgram(Program program) implements Anchor {
        public BeforeProgram { java.util.Objects.requireNonNull(program, "program"); }
    }

    record AfterProgram(Program program) implements Anchor {
        public AfterProgram { java.util.Objects.requireNonNull(program, "program"); }
    }

    record BeforeLink(BpfLink link) implements Anchor {
        public BeforeLink { java.util.Objects.requireNonNull(link, "link"); }
    }

    record AfterLink(BpfLink link) implements Anchor {
        public AfterLink { java.util.Objects.requireNonNull(link, "link"); }
    }

    record BeforeProgramId(int programId) implements Anchor {}

    record AfterProgramId(int programId) implements Anchor {}

    record BeforeLinkId(int linkId) implements Anchor {}

    record AfterLinkId(int linkId) implements Anchor {}

    static Anchor head() { return new Head(); }

    static Anchor tail() { return new Tail(); }

    static Anchor before(Program program) { return new BeforeProgram(program); }

    static Anchor after(Program program) { return new AfterProgram(program); }

    static Anchor beforeLink(BpfLink link) { return new BeforeLink(link); }

    static Anchor afterLink(BpfLink link) { return new AfterLink(link); }

    static Anchor beforeId(int programId) { return new BeforeProgramId(programId); }

    static Anchor afterId(int programId) { return new AfterProgramId(programId); }

    static Anchor beforeLinkId(int linkId) { return new BeforeLinkId(linkId); }

    static Anchor afterLinkId(int linkId) { return new AfterLinkId(linkId); }
}
