package dev.offload.platform;

import jakarta.persistence.AttributeConverter;
import jakarta.persistence.Converter;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;

/**
 * Stores every {@link Instant} as a timestamp with time zone, in UTC. JPA 3.1 (EclipseLink 4.0) has
 * no mapping of its own for {@code Instant} and would serialize it into a binary column, which no
 * one can read and which sorts and compares only by luck.
 */
@Converter(autoApply = true)
public class InstantConverter implements AttributeConverter<Instant, OffsetDateTime> {

  @Override
  public OffsetDateTime convertToDatabaseColumn(Instant instant) {
    return instant == null ? null : instant.atOffset(ZoneOffset.UTC);
  }

  @Override
  public Instant convertToEntityAttribute(OffsetDateTime timestamp) {
    return timestamp == null ? null : timestamp.toInstant();
  }
}
