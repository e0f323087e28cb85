namespace LongDoc.Service.Tests.Infrastructure;

/// <summary>A clock that moves only when told: lease expiry without sleeping.</summary>
public sealed class ManualClock : TimeProvider
{
    DateTimeOffset _now = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);

    public override DateTimeOffset GetUtcNow() => _now;

    public void Advance(TimeSpan by) => _now += by;
}
