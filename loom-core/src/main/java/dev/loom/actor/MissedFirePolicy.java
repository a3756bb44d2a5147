package dev.loom.actor;

/** What a periodic reminder does when one or more of its fire times passed while no node ran it. */
public enum MissedFirePolicy {
    /** Deliver one message for all the missed fires, then continue on schedule. */
    FIRE_ONCE,
    /** Deliver nothing for missed fires; continue at the next fire time in the future. */
    SKIP
}
