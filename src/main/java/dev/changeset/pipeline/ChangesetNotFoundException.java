package dev.changeset.pipeline;

import dev.changeset.text.Printable;

/** No changeset with that id or code belongs to the caller (another user's changeset reads the same). */
public class ChangesetNotFoundException extends UserActionable {

    public ChangesetNotFoundException(String idOrCode) {
        super(Kind.NOT_FOUND, "no changeset '" + Printable.echo(String.valueOf(idOrCode)) + "' of yours: check the id"
                + " or code (preview_changeset returns both)");
    }
}
