package dev.changeset.pipeline;

import java.util.Collection;
import java.util.Map;

/** Reads the current states of many changesets in one query. */
interface ChangesetStates {

    Map<String, ChangesetState> of(Collection<String> changesetIds);
}
