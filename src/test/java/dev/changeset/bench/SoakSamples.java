package dev.changeset.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.function.ToDoubleFunction;

/**
 * The soak's samples (every ~10 s: live threads, heap left by a full GC, calls done so far) and the windows compared:
 * the baseline is the first window after the warm-up, the other the last window of the run, each a minute long
 * (a quarter of the run when it is shorter than four minutes).
 */
final class SoakSamples {

    record Sample(double seconds, int threads, double heapMiB, long calls) {
    }

    /** One window's means and its calls per second. */
    record Window(double from, double to, double threads, double heapMiB, double callsPerSecond, int samples) {
    }

    private final List<Sample> samples = new ArrayList<>();
    private final double runSeconds;
    private final double window;

    SoakSamples(double runSeconds) {
        this.runSeconds = runSeconds;
        this.window = Math.min(60, runSeconds / 4);
    }

    /** Seconds of warm-up before the baseline window starts. */
    double warmUp() {
        return window;
    }

    synchronized void add(Sample sample) {
        samples.add(sample);
    }

    synchronized List<Sample> all() {
        return List.copyOf(samples);
    }

    Window first() {
        return window(window, 2 * window);
    }

    Window last() {
        return window(runSeconds - window, Double.MAX_VALUE);
    }

    synchronized int maxThreads() {
        return samples.stream().mapToInt(Sample::threads).max().orElse(0);
    }

    private synchronized Window window(double from, double to) {
        List<Sample> in = samples.stream().filter(s -> s.seconds() >= from && s.seconds() < to).toList();
        if (in.size() < 2) {
            throw new IllegalStateException("fewer than two samples between " + from + " s and " + to + " s: "
                    + samples);
        }
        Sample a = in.get(0);
        Sample b = in.get(in.size() - 1);
        return new Window(a.seconds(), b.seconds(), mean(in, Sample::threads), mean(in, Sample::heapMiB),
                (b.calls() - a.calls()) / (b.seconds() - a.seconds()), in.size());
    }

    private static double mean(List<Sample> in, ToDoubleFunction<Sample> f) {
        return in.stream().mapToDouble(f).average().orElse(Double.NaN);
    }
}
