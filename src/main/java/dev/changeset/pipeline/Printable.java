package dev.changeset.pipeline;

/** Makes assistant-supplied text safe to echo in a message: bounded, control characters shown as '?'. */
final class Printable {

    private Printable() {
    }

    static String of(String text) {
        String cut = text.length() > 64 ? text.substring(0, 64) + "..." : text;
        StringBuilder out = new StringBuilder(cut.length());
        cut.codePoints().forEach(c -> out.appendCodePoint(Character.isISOControl(c) || Character.getType(c) == Character.FORMAT ? '?' : c));
        return out.toString();
    }
}
