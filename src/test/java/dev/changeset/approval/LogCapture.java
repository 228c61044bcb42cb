package dev.changeset.approval;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

import org.jboss.logmanager.ExtLogRecord;

/**
 * Captures every log record of this JVM (message, formatted message, parameters, stack traces) with the given
 * loggers turned up to DEBUG, until closed: for "never in the logs" checks.
 */
final class LogCapture extends Handler implements AutoCloseable {

    private final List<String> captured = new ArrayList<>();
    private final List<String> loggers;
    private final List<Level> levels = new ArrayList<>();

    private LogCapture(List<String> loggers) {
        this.loggers = loggers;
    }

    static LogCapture start(List<String> loggers) {
        LogCapture capture = new LogCapture(loggers);
        capture.setLevel(Level.ALL);
        Logger.getLogger("").addHandler(capture);
        for (String name : loggers) {
            capture.levels.add(Logger.getLogger(name).getLevel());
            Logger.getLogger(name).setLevel(Level.FINE);
        }
        return capture;
    }

    List<String> lines() {
        synchronized (captured) {
            return List.copyOf(captured);
        }
    }

    @Override
    public void publish(LogRecord record) {
        StringBuilder text = new StringBuilder(String.valueOf(record.getMessage()));
        if (record instanceof ExtLogRecord ext) {
            text.append(' ').append(ext.getFormattedMessage());
        }
        if (record.getParameters() != null) {
            text.append(' ').append(Arrays.toString(record.getParameters()));
        }
        if (record.getThrown() != null) {
            StringWriter trace = new StringWriter();
            record.getThrown().printStackTrace(new PrintWriter(trace));
            text.append(' ').append(trace);
        }
        synchronized (captured) {
            captured.add(text.toString());
        }
    }

    @Override
    public void flush() {
    }

    @Override
    public void close() {
        Logger.getLogger("").removeHandler(this);
        for (int i = 0; i < loggers.size(); i++) {
            Logger.getLogger(loggers.get(i)).setLevel(levels.get(i));
        }
    }
}
