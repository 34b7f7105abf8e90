using Microsoft.EntityFrameworkCore.Storage.ValueConversion;

namespace SftpJail.Data.Storage;

/// <summary>
/// SQLite has no date type and EF Core cannot ORDER BY a DateTimeOffset stored as text; UTC ticks sort and compare
/// correctly in SQL. The offset is not kept: every timestamp SftpJail writes is UTC.
/// </summary>
public sealed class UtcTicksConverter() : ValueConverter<DateTimeOffset, long>(
    value => value.UtcTicks,
    ticks => new DateTimeOffset(ticks, TimeSpan.Zero));
