package dev.loom.spi;

import dev.loom.actor.MissedFirePolicy;
import java.time.Duration;

/**
 * The repeating part of a periodic timer.
 *
 * @param name     unique per actor; scheduling a reminder with an existing name replaces it
 * @param interval time between fires (positive)
 * @param missed   what to do with fires missed while nothing ran
 */
public record Reminder(String name, Duration interval, MissedFirePolicy missed) {
    public Reminder {
        if (interval.isNegative() || interval.isZero()) {
            throw new IllegalArgumentException("reminder interval must be positive: " + interval);
        }
    }
}
