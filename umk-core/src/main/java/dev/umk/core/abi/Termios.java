package dev.umk.core.abi;

import java.util.Arrays;

/**
 * Terminal settings as the kernel keeps them (Linux {@code struct ktermios}), with the
 * codecs for the three user layouts: {@code struct termios} (36 bytes, TCGETS),
 * {@code struct termios2} (44 bytes, TCGETS2: the same plus input and output speeds) and
 * the old {@code struct termio} (18 bytes, TCGETA). Also the c_iflag/c_oflag/c_cflag/
 * c_lflag bits, the c_cc indices, the tty ioctl numbers and {@code struct winsize}, all
 * from asm-generic/termbits.h and ioctls.h. Values are octal where the headers are.
 *
 * <p>Mutable like {@link Stat}: the tty layer keeps private copies ({@link #copy}).
 */
public final class Termios {
    public static final int SIZE = 36;
    public static final int SIZE2 = 44;
    public static final int TERMIO_SIZE = 18;
    /** c_cc slots in struct termios. */
    public static final int NCCS = 19;
    /** c_cc slots in struct termio. */
    public static final int NCC = 8;
    /** A c_cc value that disables the function (_POSIX_VDISABLE). */
    public static final int DISABLED = 0;

    // c_cc indices.
    public static final int VINTR = 0;
    public static final int VQUIT = 1;
    public static final int VERASE = 2;
    public static final int VKILL = 3;
    public static final int VEOF = 4;
    public static final int VTIME = 5;
    public static final int VMIN = 6;
    public static final int VSWTC = 7;
    public static final int VSTART = 8;
    public static final int VSTOP = 9;
    public static final int VSUSP = 10;
    public static final int VEOL = 11;
    public static final int VREPRINT = 12;
    public static final int VDISCARD = 13;
    public static final int VWERASE = 14;
    public static final int VLNEXT = 15;
    public static final int VEOL2 = 16;

    // c_iflag.
    public static final int IGNBRK = 0000001;
    public static final int BRKINT = 0000002;
    public static final int IGNPAR = 0000004;
    public static final int PARMRK = 0000010;
    public static final int INPCK = 0000020;
    public static final int ISTRIP = 0000040;
    public static final int INLCR = 0000100;
    public static final int IGNCR = 0000200;
    public static final int ICRNL = 0000400;
    public static final int IUCLC = 0001000;
    public static final int IXON = 0002000;
    public static final int IXANY = 0004000;
    public static final int IXOFF = 0010000;
    public static final int IMAXBEL = 0020000;
    public static final int IUTF8 = 0040000;

    // c_oflag.
    public static final int OPOST = 0000001;
    public static final int OLCUC = 0000002;
    public static final int ONLCR = 0000004;
    public static final int OCRNL = 0000010;
    public static final int ONOCR = 0000020;
    public static final int ONLRET = 0000040;
    public static final int OFILL = 0000100;
    public static final int OFDEL = 0000200;
    public static final int NLDLY = 0000400;
    public static final int CRDLY = 0003000;
    public static final int TABDLY = 0014000;
    /** TAB3: expand tabs to spaces. */
    public static final int XTABS = 0014000;
    public static final int BSDLY = 0020000;
    public static final int VTDLY = 0040000;
    public static final int FFDLY = 0100000;

    // c_cflag.
    public static final int CBAUD = 0010017;
    public static final int B0 = 0000000;
    public static final int B9600 = 0000015;
    public static final int B38400 = 0000017;
    public static final int CSIZE = 0000060;
    public static final int CS5 = 0000000;
    public static final int CS6 = 0000020;
    public static final int CS7 = 0000040;
    public static final int CS8 = 0000060;
    public static final int CSTOPB = 0000100;
    public static final int CREAD = 0000200;
    public static final int PARENB = 0000400;
    public static final int PARODD = 0001000;
    public static final int HUPCL = 0002000;
    public static final int CLOCAL = 0004000;
    public static final int CBAUDEX = 0010000;
    /** The speed is in c_ispeed/c_ospeed (termios2). */
    public static final int BOTHER = 0010000;
    public static final int CIBAUD = 002003600000;
    public static final int IBSHIFT = 16;
    public static final int CMSPAR = 010000000000;
    public static final int CRTSCTS = 020000000000;

    // c_lflag.
    public static final int ISIG = 0000001;
    public static final int ICANON = 0000002;
    public static final int XCASE = 0000004;
    public static final int ECHO = 0000010;
    public static final int ECHOE = 0000020;
    public static final int ECHOK = 0000040;
    public static final int ECHONL = 0000100;
    public static final int NOFLSH = 0000200;
    public static final int TOSTOP = 0000400;
    public static final int ECHOCTL = 0001000;
    public static final int ECHOPRT = 0002000;
    public static final int ECHOKE = 0004000;
    public static final int FLUSHO = 0010000;
    public static final int PENDIN = 0040000;
    public static final int IEXTEN = 0100000;
    public static final int EXTPROC = 0200000;

    // ioctl numbers.
    public static final int TCGETS = 0x5401;
    public static final int TCSETS = 0x5402;
    public static final int TCSETSW = 0x5403;
    public static final int TCSETSF = 0x5404;
    public static final int TCGETA = 0x5405;
    public static final int TCSETA = 0x5406;
    public static final int TCSETAW = 0x5407;
    public static final int TCSETAF = 0x5408;
    public static final int TCSBRK = 0x5409;
    public static final int TCXONC = 0x540A;
    public static final int TCFLSH = 0x540B;
    public static final int TIOCEXCL = 0x540C;
    public static final int TIOCNXCL = 0x540D;
    public static final int TIOCSCTTY = 0x540E;
    public static final int TIOCGPGRP = 0x540F;
    public static final int TIOCSPGRP = 0x5410;
    public static final int TIOCOUTQ = 0x5411;
    public static final int TIOCSTI = 0x5412;
    public static final int TIOCGWINSZ = 0x5413;
    public static final int TIOCSWINSZ = 0x5414;
    public static final int TIOCMGET = 0x5415;
    public static final int TIOCMBIS = 0x5416;
    public static final int TIOCMBIC = 0x5417;
    public static final int TIOCMSET = 0x5418;
    public static final int TIOCGSOFTCAR = 0x5419;
    public static final int TIOCSSOFTCAR = 0x541A;
    public static final int FIONREAD = 0x541B;
    public static final int TIOCINQ = FIONREAD;
    public static final int TIOCLINUX = 0x541C;
    public static final int TIOCCONS = 0x541D;
    public static final int TIOCPKT = 0x5420;
    public static final int FIONBIO = 0x5421;
    public static final int TIOCNOTTY = 0x5422;
    public static final int TIOCSETD = 0x5423;
    public static final int TIOCGETD = 0x5424;
    public static final int TCSBRKP = 0x5425;
    public static final int TIOCSBRK = 0x5427;
    public static final int TIOCCBRK = 0x5428;
    public static final int TIOCGSID = 0x5429;
    public static final int TCGETS2 = 0x802C542A;
    public static final int TCSETS2 = 0x402C542B;
    public static final int TCSETSW2 = 0x402C542C;
    public static final int TCSETSF2 = 0x402C542D;
    public static final int TIOCGPTN = 0x80045430;
    public static final int TIOCSPTLCK = 0x40045431;
    public static final int TIOCGDEV = 0x80045432;
    public static final int TIOCSIG = 0x40045436;
    public static final int TIOCVHANGUP = 0x5437;
    public static final int TIOCGPKT = 0x80045438;
    public static final int TIOCGPTLCK = 0x80045439;
    public static final int TIOCGEXCL = 0x80045440;
    public static final int TIOCGPTPEER = 0x5441;
    public static final int FIONCLEX = 0x5450;
    public static final int FIOCLEX = 0x5451;
    public static final int FIOASYNC = 0x5452;

    // TCFLSH arguments.
    public static final int TCIFLUSH = 0;
    public static final int TCOFLUSH = 1;
    public static final int TCIOFLUSH = 2;
    // TCXONC arguments.
    public static final int TCOOFF = 0;
    public static final int TCOON = 1;
    public static final int TCIOFF = 2;
    public static final int TCION = 3;

    // TIOCPKT status bits, read by the master in packet mode.
    public static final int TIOCPKT_DATA = 0;
    public static final int TIOCPKT_FLUSHREAD = 1;
    public static final int TIOCPKT_FLUSHWRITE = 2;
    public static final int TIOCPKT_STOP = 4;
    public static final int TIOCPKT_START = 8;
    public static final int TIOCPKT_NOSTOP = 16;
    public static final int TIOCPKT_DOSTOP = 32;
    public static final int TIOCPKT_IOCTL = 64;

    /** Line discipline numbers (TIOCGETD): only N_TTY exists in umk. */
    public static final int N_TTY = 0;

    /** Speeds of B0..B38400, then of CBAUDEX | 1.. (B57600...B4000000). */
    private static final int[] BAUD = {
        0, 50, 75, 110, 134, 150, 200, 300, 600, 1200, 1800, 2400, 4800, 9600, 19200, 38400,
        0, 57600, 115200, 230400, 460800, 500000, 576000, 921600, 1000000, 1152000, 1500000,
        2000000, 2500000, 3000000, 3500000, 4000000
    };

    public int iflag;
    public int oflag;
    public int cflag;
    public int lflag;
    public int line;
    public final byte[] cc = new byte[NCCS];
    public int ispeed;
    public int ospeed;

    /** Linux's tty_std_termios: a cooked terminal at 38400 baud with the usual control keys. */
    public static Termios standard() {
        Termios t = new Termios();
        t.iflag = ICRNL | IXON;
        t.oflag = OPOST | ONLCR;
        t.cflag = B38400 | CS8 | CREAD | HUPCL;
        t.lflag = ISIG | ICANON | ECHO | ECHOE | ECHOK | ECHOCTL | ECHOKE | IEXTEN;
        // INIT_C_CC: ^C ^\ DEL ^U ^D, TIME 0, MIN 1, ^Q ^S ^Z, REPRINT ^R, DISCARD ^O, WERASE ^W, LNEXT ^V.
        byte[] init = {3, 034, 0177, 025, 4, 0, 1, 0, 021, 023, 032, 0, 022, 017, 027, 026, 0};
        System.arraycopy(init, 0, t.cc, 0, init.length);
        t.ispeed = 38400;
        t.ospeed = 38400;
        return t;
    }

    public Termios copy() {
        Termios t = new Termios();
        t.iflag = iflag;
        t.oflag = oflag;
        t.cflag = cflag;
        t.lflag = lflag;
        t.line = line;
        System.arraycopy(cc, 0, t.cc, 0, NCCS);
        t.ispeed = ispeed;
        t.ospeed = ospeed;
        return t;
    }

    /** c_cc[i] as an unsigned value. */
    public int cc(int i) {
        return cc[i] & 0xff;
    }

    public boolean iflag(int bits) { return (iflag & bits) != 0; }

    public boolean oflag(int bits) { return (oflag & bits) != 0; }

    public boolean cflag(int bits) { return (cflag & bits) != 0; }

    public boolean lflag(int bits) { return (lflag & bits) != 0; }

    // ---- codecs (little-endian)

    /** struct termios: four u32 flags, c_line, c_cc[19]. */
    public byte[] encode() {
        byte[] b = new byte[SIZE];
        putFlags(b);
        return b;
    }

    /** struct termios2: struct termios then c_ispeed, c_ospeed. */
    public byte[] encode2() {
        byte[] b = new byte[SIZE2];
        putFlags(b);
        putInt(b, 36, ispeed);
        putInt(b, 40, ospeed);
        return b;
    }

    /** struct termio: four u16 flags, c_line, c_cc[8]. */
    public byte[] encodeTermio() {
        byte[] b = new byte[TERMIO_SIZE];
        putShort(b, 0, iflag);
        putShort(b, 2, oflag);
        putShort(b, 4, cflag);
        putShort(b, 6, lflag);
        b[8] = (byte) line;
        System.arraycopy(cc, 0, b, 9, NCC);
        return b;
    }

    /** Decodes struct termios; the speeds follow c_cflag's baud bits, as TCSETS sets them. */
    public static Termios decode(byte[] b) {
        Termios t = new Termios();
        t.getFlags(b);
        t.ispeed = t.inputBaud();
        t.ospeed = t.outputBaud();
        return t;
    }

    /** Decodes struct termios2; BOTHER speeds come from c_ispeed/c_ospeed. */
    public static Termios decode2(byte[] b) {
        Termios t = new Termios();
        t.getFlags(b);
        t.ispeed = getInt(b, 36);
        t.ospeed = getInt(b, 40);
        t.ispeed = t.inputBaud();
        t.ospeed = t.outputBaud();
        return t;
    }

    /**
     * Applies struct termio as TCSETA does: the low 16 bits of each flag word, c_line and
     * the first eight c_cc slots change; the rest of {@code base} stays.
     */
    public static Termios decodeTermio(byte[] b, Termios base) {
        Termios t = base.copy();
        t.iflag = (t.iflag & 0xffff0000) | getShort(b, 0);
        t.oflag = (t.oflag & 0xffff0000) | getShort(b, 2);
        t.cflag = (t.cflag & 0xffff0000) | getShort(b, 4);
        t.lflag = (t.lflag & 0xffff0000) | getShort(b, 6);
        t.line = b[8] & 0xff;
        System.arraycopy(b, 9, t.cc, 0, NCC);
        t.ispeed = t.inputBaud();
        t.ospeed = t.outputBaud();
        return t;
    }

    /** The output speed c_cflag selects; BOTHER means the c_ospeed field. */
    public int outputBaud() {
        return baud(cflag & CBAUD, ospeed);
    }

    /** The input speed: CIBAUD when set, else the output speed (tty_termios_input_baud_rate). */
    public int inputBaud() {
        int ib = (cflag >>> IBSHIFT) & CBAUD;
        return ib == B0 ? outputBaud() : baud(ib, ispeed);
    }

    private static int baud(int code, int other) {
        if (code == BOTHER) return other;
        int i = code & 017;
        if ((code & CBAUDEX) != 0) i += 16;
        return BAUD[i];
    }

    private void putFlags(byte[] b) {
        putInt(b, 0, iflag);
        putInt(b, 4, oflag);
        putInt(b, 8, cflag);
        putInt(b, 12, lflag);
        b[16] = (byte) line;
        System.arraycopy(cc, 0, b, 17, NCCS);
    }

    private void getFlags(byte[] b) {
        iflag = getInt(b, 0);
        oflag = getInt(b, 4);
        cflag = getInt(b, 8);
        lflag = getInt(b, 12);
        line = b[16] & 0xff;
        System.arraycopy(b, 17, cc, 0, NCCS);
    }

    static void putInt(byte[] b, int at, int v) {
        b[at] = (byte) v;
        b[at + 1] = (byte) (v >> 8);
        b[at + 2] = (byte) (v >> 16);
        b[at + 3] = (byte) (v >> 24);
    }

    static int getInt(byte[] b, int at) {
        return (b[at] & 0xff) | (b[at + 1] & 0xff) << 8 | (b[at + 2] & 0xff) << 16 | (b[at + 3] & 0xff) << 24;
    }

    static void putShort(byte[] b, int at, int v) {
        b[at] = (byte) v;
        b[at + 1] = (byte) (v >> 8);
    }

    static int getShort(byte[] b, int at) {
        return (b[at] & 0xff) | (b[at + 1] & 0xff) << 8;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Termios t && t.iflag == iflag && t.oflag == oflag && t.cflag == cflag
                && t.lflag == lflag && t.line == line && Arrays.equals(t.cc, cc)
                && t.ispeed == ispeed && t.ospeed == ospeed;
    }

    @Override
    public int hashCode() {
        return ((iflag * 31 + oflag) * 31 + cflag) * 31 + lflag;
    }

    @Override
    public String toString() {
        return String.format("Termios(i=0%o o=0%o c=0%o l=0%o)", iflag, oflag, cflag, lflag);
    }

    /** struct winsize: rows, columns and pixel sizes, four u16 (8 bytes). */
    public record Winsize(int row, int col, int xpixel, int ypixel) {
        public static final int SIZE = 8;
        public static final Winsize ZERO = new Winsize(0, 0, 0, 0);

        public byte[] encode() {
            byte[] b = new byte[SIZE];
            putShort(b, 0, row);
            putShort(b, 2, col);
            putShort(b, 4, xpixel);
            putShort(b, 6, ypixel);
            return b;
        }

        public static Winsize decode(byte[] b) {
            return new Winsize(getShort(b, 0), getShort(b, 2), getShort(b, 4), getShort(b, 6));
        }
    }
}
