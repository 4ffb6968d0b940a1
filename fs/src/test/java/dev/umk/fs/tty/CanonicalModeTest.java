package dev.umk.fs.tty;

import static dev.umk.core.abi.FileFlags.*;
import static dev.umk.core.abi.Termios.*;
import static org.junit.jupiter.api.Assertions.*;

import dev.umk.core.abi.Termios;
import dev.umk.fs.OpenFile;
import org.junit.jupiter.api.Test;

class CanonicalModeTest extends TtyTestKit {
    private final Tty tty = newTty(Termios.standard());
    private final OpenFile f = openTty(tty, O_RDWR);

    @Test
    void readReturnsOneLineAtATime() {
        type(tty, "one\ntwo\n");
        assertEquals("one\n", read(f, 100));
        assertEquals("two\n", read(f, 100));
    }

    @Test
    void lineLongerThanTheBufferIsReadInPieces() {
        type(tty, "abcdef\n");
        assertEquals("abc", read(f, 3));
        assertEquals("def\n", read(f, 10));
    }

    @Test
    void icrnlTurnsCarriageReturnIntoNewline() {
        type(tty, "ls\r");
        assertEquals("ls\n", read(f, 100));
        assertEquals("ls\r\n", drv.take());
    }

    @Test
    void igncrDropsCarriageReturn() {
        Termios t = Termios.standard();
        t.iflag |= IGNCR;
        tty.setTermios(t);
        type(tty, "a\rb\n");
        assertEquals("ab\n", read(f, 100));
    }

    @Test
    void eraseRemovesOneCharacterAndEchoesRubout() {
        type(tty, "abc\177\n");
        assertEquals("ab\n", read(f, 100));
        assertEquals("abc\b \b\r\n", drv.take());
    }

    @Test
    void eraseWithoutEchoeEchoesTheEraseCharacter() {
        Termios t = Termios.standard();
        t.lflag &= ~(ECHOE | ECHOCTL);
        tty.setTermios(t);
        type(tty, "ab\177\n");
        assertEquals("a\n", read(f, 100));
        assertEquals("ab\177\r\n", drv.take());
    }

    @Test
    void eraseAtLineStartDoesNothing() {
        type(tty, "\177\177x\n");
        assertEquals("x\n", read(f, 100));
        assertEquals("x\r\n", drv.take());
    }

    @Test
    void killErasesTheWholeLineWithRubouts() {
        type(tty, "abc\025d\n");
        assertEquals("d\n", read(f, 100));
        assertEquals("abc\b \b\b \b\b \bd\r\n", drv.take());
    }

    @Test
    void killWithoutEchokeEchoesKillCharAndNewline() {
        Termios t = Termios.standard();
        t.lflag &= ~ECHOKE;
        tty.setTermios(t);
        type(tty, "abc\025d\n");
        assertEquals("d\n", read(f, 100));
        assertEquals("abc^U\r\nd\r\n", drv.take());
    }

    @Test
    void weraseRemovesTheLastWordAndTrailingBlanks() {
        type(tty, "echo hello  \027world\n");
        assertEquals("echo world\n", read(f, 100));
    }

    @Test
    void weraseStopsAtPunctuationAfterAWord() {
        type(tty, "a/b.cd\027\n");
        assertEquals("a/b.\n", read(f, 100));
    }

    @Test
    void eraseRemovesWholeUtf8CharacterInIutf8Mode() {
        Termios t = Termios.standard();
        t.iflag |= IUTF8;
        tty.setTermios(t);
        type(tty, "a\u00c3\u00a9\177\n"); // "aé" in UTF-8, then erase
        assertEquals("a\n", read(f, 100));
        assertEquals("a\u00c3\u00a9\b \b\r\n", drv.take());
    }

    @Test
    void eraseOfTabBacksUpToTheTabStart() {
        type(tty, "ab\t\177\n");
        assertEquals("ab\n", read(f, 100));
        // The tab moved from column 2 to 8: six backspaces undo it.
        assertEquals("ab\t\b\b\b\b\b\b\r\n", drv.take());
    }

    @Test
    void echoctlShowsControlCharactersWithCaret() {
        type(tty, "a\001b\n");
        assertEquals("a\001b\n", read(f, 100));
        assertEquals("a^Ab\r\n", drv.take());
    }

    @Test
    void echoctlOffEchoesControlCharactersRaw() {
        Termios t = Termios.standard();
        t.lflag &= ~ECHOCTL;
        tty.setTermios(t);
        type(tty, "a\001\n");
        assertEquals("a\001\r\n", drv.take());
    }

    @Test
    void erasingAControlCharacterRubsOutBothColumns() {
        type(tty, "\001\177\n");
        assertEquals("^A\b \b\b \b\r\n", drv.take());
    }

    @Test
    void noEchoMeansNothingIsEchoedButEchonlStillEchoesNewline() {
        Termios t = Termios.standard();
        t.lflag &= ~ECHO;
        t.lflag |= ECHONL;
        tty.setTermios(t);
        type(tty, "secret\n");
        assertEquals("secret\n", read(f, 100));
        assertEquals("\r\n", drv.take());
    }

    @Test
    void eofAtLineStartReadsAsEndOfFile() {
        type(tty, "\004");
        assertEquals("", read(f, 100));
        assertEquals("", drv.take());
    }

    @Test
    void eofMidLinePushesTheLineWithoutNewline() {
        type(tty, "ab\004cd\n");
        assertEquals("ab", read(f, 100));
        assertEquals("cd\n", read(f, 100));
    }

    @Test
    void readEndingAtEofMarkerEatsIt() {
        type(tty, "ab\004x\n");
        assertEquals("ab", read(f, 2));
        assertEquals("x\n", read(f, 100));
    }

    @Test
    void eolCharacterEndsALine() {
        Termios t = Termios.standard();
        t.cc[VEOL] = ';';
        tty.setTermios(t);
        type(tty, "a;b");
        assertEquals("a;", read(f, 100));
    }

    @Test
    void lnextQuotesTheNextCharacter() {
        type(tty, "a\026\003\026\177\n");
        assertEquals("a\003\177\n", read(f, 100));
        assertEquals(java.util.List.of(), sigs.take());
        assertEquals("a^\b^C^\b^?\r\n", drv.take());
    }

    @Test
    void reprintEchoesTheLineAgain() {
        type(tty, "abc\022");
        assertEquals("abc^R\r\nabc", drv.take());
    }

    @Test
    void lineIsCappedAt4095CharactersPlusNewline() {
        type(tty, "x".repeat(5000) + "\n");
        String line = read(f, 8192);
        assertEquals(4096, line.length());
        assertTrue(line.endsWith("x\n"));
    }

    @Test
    void fullLineStillAcceptsErase() {
        type(tty, "x".repeat(4100) + "\177\177\n");
        assertEquals(4094, read(f, 8192).length());
    }

    @Test
    void partialLineIsNotReadable() {
        type(tty, "abc");
        assertErrno(dev.umk.core.abi.Errno.EAGAIN, () -> readNonBlocking());
        assertEquals(0, f.poll() & dev.umk.fs.PollEvents.POLLIN);
        type(tty, "\n");
        assertNotEquals(0, f.poll() & dev.umk.fs.PollEvents.POLLIN);
    }

    @Test
    void blockedReaderWakesOnNewline() throws Exception {
        Async<String> r = new Async<>(() -> read(f, 100));
        settle();
        type(tty, "hi");
        settle();
        assertTrue(r.running());
        type(tty, "\n");
        assertEquals("hi\n", r.join());
    }

    @Test
    void switchingToCanonicalMakesBufferedInputALine() {
        Termios raw = Termios.standard();
        raw.lflag &= ~(ICANON | ECHO);
        tty.setTermios(raw);
        type(tty, "abc");
        tty.setTermios(Termios.standard());
        assertEquals("abc", read(f, 100));
    }

    @Test
    void readerWaitingForALineGetsThePartialLineWhenRawModeStarts() throws Exception {
        Async<String> r = new Async<>(() -> read(f, 100));
        type(tty, "par");
        settle();
        Termios raw = Termios.standard();
        raw.lflag &= ~ICANON;
        tty.setTermios(raw);
        assertEquals("par", r.join());
    }

    @Test
    void fionreadCountsCompleteLines() {
        type(tty, "ab\ncd");
        mem.writeInt(0, -1);
        f.ioctl(FIONREAD, 0, mem);
        assertEquals(3, mem.readInt(0));
    }

    private void readNonBlocking() {
        f.setStatusFlags(O_NONBLOCK);
        try {
            read(f, 100);
        } finally {
            f.setStatusFlags(0);
        }
    }
}
