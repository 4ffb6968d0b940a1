package dev.umk.sched.signal;

import static dev.umk.sched.Signals.*;
import static org.junit.jupiter.api.Assertions.*;

import dev.umk.core.abi.Errno;
import dev.umk.core.kernel.ErrnoException;
import org.junit.jupiter.api.Test;

class PendingSignalsTest {
    private final PendingSignals p = new PendingSignals();
    private final UserSigpending user = new UserSigpending();

    private SigqueueAccount limit(long n) {
        return new SigqueueAccount(user, () -> n);
    }

    @Test
    void standardSignalIsNotQueuedTwice() {
        SigInfo first = SigInfo.user(SIGUSR1, 10, 0);
        assertEquals(PendingSignals.Added.QUEUED, p.add(first, SigqueueAccount.UNLIMITED));
        assertEquals(PendingSignals.Added.ALREADY_PENDING, p.add(SigInfo.user(SIGUSR1, 11, 0), SigqueueAccount.UNLIMITED));
        assertEquals(first, p.dequeue(0));
        assertNull(p.dequeue(0));
    }

    @Test
    void realtimeSignalsQueueEveryInstanceInOrder() {
        for (int i = 0; i < 3; i++) p.add(SigInfo.queue(SIGRTMIN, SigInfo.SI_QUEUE, 1, 0, i), SigqueueAccount.UNLIMITED);
        assertEquals(3, p.queuedCount());
        for (int i = 0; i < 3; i++) {
            assertTrue(p.contains(SIGRTMIN));
            assertEquals(i, p.dequeue(0).value());
        }
        assertFalse(p.contains(SIGRTMIN));
    }

    @Test
    void synchronousFaultSignalsComeFirstThenLowestNumber() {
        p.add(SigInfo.user(SIGINT, 1, 0), SigqueueAccount.UNLIMITED);
        p.add(SigInfo.queue(SIGRTMIN + 2, -1, 1, 0, 0), SigqueueAccount.UNLIMITED);
        p.add(SigInfo.queue(SIGRTMIN, -1, 1, 0, 0), SigqueueAccount.UNLIMITED);
        p.add(SigInfo.fault(SIGSEGV, SigInfo.SEGV_MAPERR, 0), SigqueueAccount.UNLIMITED);
        p.add(SigInfo.user(SIGHUP, 1, 0), SigqueueAccount.UNLIMITED);
        p.add(SigInfo.fault(SIGFPE, SigInfo.FPE_INTDIV, 0), SigqueueAccount.UNLIMITED);
        int[] order = new int[6];
        for (int i = 0; i < 6; i++) {
            SigInfo si = p.dequeue(0);
            order[i] = si == null ? 0 : si.signo();
        }
        assertArrayEquals(new int[] {SIGFPE, SIGSEGV, SIGHUP, SIGINT, SIGRTMIN, SIGRTMIN + 2}, order);
    }

    @Test
    void blockedSignalsStayPending() {
        p.add(SigInfo.user(SIGUSR1, 1, 0), SigqueueAccount.UNLIMITED);
        assertNull(p.dequeue(SigSet.bit(SIGUSR1)));
        assertEquals(SigSet.bit(SIGUSR1), p.set());
        assertEquals(0, p.next(SigSet.bit(SIGUSR1)));
        assertEquals(SIGUSR1, p.next(0));
    }

    @Test
    void dequeueSynchronousTakesTheOldestKernelFault() {
        p.add(SigInfo.user(SIGINT, 1, 0), SigqueueAccount.UNLIMITED);
        p.add(SigInfo.user(SIGILL, 1, 0), SigqueueAccount.UNLIMITED); // kill(SIGILL): not a fault
        p.add(SigInfo.fault(SIGSEGV, SigInfo.SEGV_ACCERR, 0x10), SigqueueAccount.UNLIMITED);
        p.add(SigInfo.fault(SIGBUS, SigInfo.BUS_ADRERR, 0x20), SigqueueAccount.UNLIMITED);
        assertEquals(SIGSEGV, p.dequeueSynchronous(0).signo());
        assertEquals(SIGBUS, p.dequeueSynchronous(0).signo());
        assertNull(p.dequeueSynchronous(0));
        assertEquals(SigSet.bit(SIGINT) | SigSet.bit(SIGILL), p.set());
    }

    @Test
    void overTheLimitStandardSignalIsPendingWithoutInfo() {
        SigqueueAccount acct = limit(1);
        assertEquals(PendingSignals.Added.QUEUED, p.add(SigInfo.queue(SIGRTMIN, -1, 1, 0, 1), acct));
        // kill() of a standard signal may exceed the limit (override_rlimit).
        assertEquals(PendingSignals.Added.QUEUED, p.add(SigInfo.user(SIGUSR1, 1, 0), acct));
        // A standard signal with a negative code may not, and loses its siginfo.
        assertEquals(PendingSignals.Added.WITHOUT_INFO, p.add(SigInfo.tkill(SIGUSR2, 5, 0), acct));
        SigInfo si = p.dequeue(SigSet.bit(SIGUSR1) | SigSet.bit(SIGRTMIN));
        assertEquals(SIGUSR2, si.signo());
        assertEquals(SigInfo.SI_USER, si.code());
        assertEquals(0, si.pid());
    }

    @Test
    void sigqueueOverTheLimitIsEagainButKillIsNot() {
        SigqueueAccount acct = limit(1);
        p.add(SigInfo.queue(SIGRTMIN, -1, 1, 0, 1), acct);
        ErrnoException e = assertThrows(ErrnoException.class,
                () -> p.add(SigInfo.queue(SIGRTMIN, SigInfo.SI_QUEUE, 1, 0, 2), acct));
        assertEquals(Errno.EAGAIN, e.errno());
        assertEquals(PendingSignals.Added.WITHOUT_INFO, p.add(SigInfo.user(SIGRTMIN + 1, 1, 0), acct));
        assertEquals(1, user.queued());
    }

    @Test
    void limitIsSharedByTheUsersQueues() {
        PendingSignals other = new PendingSignals();
        p.add(SigInfo.queue(SIGRTMIN, -1, 1, 0, 1), limit(2));
        other.add(SigInfo.queue(SIGRTMIN, -1, 1, 0, 1), limit(2));
        assertThrows(ErrnoException.class, () -> other.add(SigInfo.queue(SIGRTMIN, -1, 1, 0, 1), limit(2)));
        p.dequeue(0);
        other.add(SigInfo.queue(SIGRTMIN, -1, 1, 0, 1), limit(2));
        assertEquals(2, user.queued());
    }

    @Test
    void flushDiscardsAndUnchargesTheSignalsInTheMask() {
        SigqueueAccount acct = limit(100);
        p.add(SigInfo.queue(SIGRTMIN, -1, 1, 0, 1), acct);
        p.add(SigInfo.queue(SIGRTMIN, -1, 1, 0, 2), acct);
        p.add(SigInfo.user(SIGCONT, 1, 0), acct);
        p.flush(SigSet.bit(SIGRTMIN));
        assertEquals(SigSet.bit(SIGCONT), p.set());
        assertEquals(1, user.queued());
        p.clear();
        assertTrue(p.isEmpty());
        assertEquals(0, user.queued());
    }

    @Test
    void sigkillIsPendingWithoutQueueing() {
        assertEquals(PendingSignals.Added.WITHOUT_INFO, p.add(SigInfo.user(SIGKILL, 3, 0), limit(0)));
        assertEquals(0, p.queuedCount());
        assertEquals(SIGKILL, p.dequeue(0).signo());
    }

    @Test
    void realtimeInstanceWithoutInfoMergesIntoTheQueuedOnes() {
        SigqueueAccount acct = limit(1);
        p.add(SigInfo.user(SIGRTMIN, 1, 0), limit(0)); // over the limit: bit only
        p.add(SigInfo.queue(SIGRTMIN, -1, 1, 0, 42), acct);
        assertEquals(42, p.dequeue(0).value());
        assertFalse(p.contains(SIGRTMIN));
    }
}
