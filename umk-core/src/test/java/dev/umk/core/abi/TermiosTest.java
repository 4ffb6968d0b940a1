package dev.umk.core.abi;

import static dev.umk.core.abi.Termios.*;
import static org.junit.jupiter.api.Assertions.*;

import dev.umk.core.abi.Termios.Winsize;
import org.junit.jupiter.api.Test;

class TermiosTest {
    @Test
    void standardSettingsAreLinuxTtyStdTermios() {
        Termios t = Termios.standard();
        assertEquals(ICRNL | IXON, t.iflag);
        assertEquals(OPOST | ONLCR, t.oflag);
        assertEquals(B38400 | CS8 | CREAD | HUPCL, t.cflag);
        assertEquals(0105073, t.lflag);
        assertEquals(3, t.cc(VINTR));
        assertEquals(0177, t.cc(VERASE));
        assertEquals(1, t.cc(VMIN));
        assertEquals(38400, t.ospeed);
    }

    @Test
    void termiosLayoutIsFourWordsLineAndNineteenChars() {
        Termios t = Termios.standard();
        byte[] b = t.encode();
        assertEquals(36, b.length);
        assertEquals(0x00000500, Termios.getInt(b, 0), "c_iflag ICRNL|IXON");
        assertEquals(0x000004bf, Termios.getInt(b, 8), "c_cflag B38400|CS8|CREAD|HUPCL");
        assertEquals(0, b[16], "c_line");
        assertEquals(3, b[17], "c_cc[VINTR]");
        assertEquals(Termios.standard(), Termios.decode(b));
    }

    @Test
    void termios2AddsSpeedsForBother() {
        Termios t = Termios.standard();
        t.cflag = (t.cflag & ~CBAUD) | BOTHER;
        t.ispeed = 250000;
        t.ospeed = 250000;
        byte[] b = t.encode2();
        assertEquals(44, b.length);
        Termios back = Termios.decode2(b);
        assertEquals(250000, back.ospeed);
        assertEquals(250000, back.inputBaud());
    }

    @Test
    void baudBitsGiveSpeeds() {
        Termios t = Termios.standard();
        t.cflag = (t.cflag & ~CBAUD) | B9600;
        assertEquals(9600, t.outputBaud());
        t.cflag = (t.cflag & ~CBAUD) | CBAUDEX | 2;
        assertEquals(115200, t.outputBaud());
        t.cflag |= B38400 << IBSHIFT;
        assertEquals(38400, t.inputBaud());
    }

    @Test
    void termioKeepsHighBitsAndLaterChars() {
        Termios base = Termios.standard();
        byte[] b = base.encodeTermio();
        assertEquals(18, b.length);
        b[6] = 0;
        b[7] = 0;
        Termios t = Termios.decodeTermio(b, base);
        assertEquals(0, t.lflag);
        assertEquals(base.cc(VWERASE), t.cc(VWERASE));
    }

    @Test
    void winsizeIsFourShorts() {
        Winsize w = new Winsize(24, 80, 640, 480);
        byte[] b = w.encode();
        assertEquals(8, b.length);
        assertEquals(80, b[2]);
        assertEquals(w, Winsize.decode(b));
    }

    @Test
    void ioctlNumbersMatchAsmGeneric() {
        assertEquals(0x5401, TCGETS);
        assertEquals(0x80045430, TIOCGPTN);
        assertEquals(0x40045431, TIOCSPTLCK);
        assertEquals(0x802C542A, TCGETS2);
        assertEquals(0x5441, TIOCGPTPEER);
    }
}
