package dev.changeset.bench;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;
import java.util.Map;
import java.util.TreeMap;

/** Live threads (ThreadMXBean) and heap (MemoryMXBean) of this JVM, for benchmarks that count what waiting costs. */
final class JvmFigures {

    static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();
    static final MemoryMXBean MEMORY = ManagementFactory.getMemoryMXBean();

    private JvmFigures() {
    }

    static int liveThreads() {
        return THREADS.getThreadCount();
    }

    /** The most live threads since the last call (the JVM's peak counter, reset). */
    static int peakThreadsAndReset() {
        int peak = THREADS.getPeakThreadCount();
        THREADS.resetPeakThreadCount();
        return peak;
    }

    /** Heap in use after a full collection, in MiB. */
    static double heapAfterGcMiB() {
        for (int i = 0; i < 3; i++) {
            System.gc();
            try {
                Thread.sleep(200);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        return MEMORY.getHeapMemoryUsage().getUsed() / (1024.0 * 1024.0);
    }

    /**
     * The heap that survived a full collection, in MiB: one GC hint, then each heap pool's usage as that collection
     * left it (MemoryPoolMXBean.getCollectionUsage), so allocations of threads still at work right after it do not
     * count, unlike the heap used a moment later ({@link #heapAfterGcMiB()}).
     */
    static double heapLiveAfterGcMiB() {
        System.gc();
        long used = 0;
        for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
            if (pool.getType() == MemoryType.HEAP && pool.getCollectionUsage() != null) {
                used += pool.getCollectionUsage().getUsed();
            }
        }
        return used / (1024.0 * 1024.0);
    }

    /** Live threads grouped by name without their numbers ("vert.x-eventloop-thread-#": 4). */
    static Map<String, Integer> threadsByName() {
        Map<String, Integer> groups = new TreeMap<>();
        for (ThreadInfo info : THREADS.getThreadInfo(THREADS.getAllThreadIds())) {
            if (info != null) {
                groups.merge(info.getThreadName().replaceAll("\\d+", "#"), 1, Integer::sum);
            }
        }
        return groups;
    }
}
