package dev.loom.cli.convert;

import dev.loom.actor.ActorRef;
import dev.loom.actor.InvalidActorRefException;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/** Reads an actor reference written {@code TYPE/ID}, e.g. {@code counter/demo-1}. */
public final class ActorRefConverter implements ITypeConverter<ActorRef> {
    @Override
    public ActorRef convert(String value) {
        try {
            return ActorRef.parse(value);
        } catch (InvalidActorRefException e) {
            throw new TypeConversionException(e.getMessage());
        }
    }
}
