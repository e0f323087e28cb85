namespace LongDoc.Samples.Generator.Prose;

/// <summary>Phrase pools shared by every chapter: times of year and weather.</summary>
public static partial class Vocabulary
{
    public static readonly string[] Times =
    [
        "early in the season", "during the long nights of midwinter", "in the weeks after the first sea ice formed",
        "towards the end of the austral summer", "between two spells of storm", "later in the year",
        "over the spring months", "in the short autumn window", "once the days began to lengthen again",
        "while the supply ship was still expected", "in the quiet weeks before the summer crew arrived",
        "throughout the darker months", "soon after the midwinter celebrations",
    ];

    public static readonly string[] Weather =
    [
        "the weather closed in for days at a time", "snow drifted over the access routes", "the katabatic winds were stronger than usual",
        "visibility on the plateau often dropped to a few metres", "freezing spray coated every exposed surface near the shore",
        "a persistent low sat over the island for much of the month", "the fast ice broke up earlier than anyone expected",
        "whiteout conditions grounded the small boats", "the afternoon light faded sooner than the schedule allowed",
        "rime ice built up on the instrument masts overnight",
    ];

    /// <summary>Generic station life, mixed into every chapter so that each topic's own pools repeat less.</summary>
    public static readonly Topic Station = new("station",
        Actors: ["the winter crew", "the station leader", "the summer field parties", "the technical services team",
            "the duty officer", "several volunteers from the kitchen rota", "the communications officer", "the science coordinator"],
        Activities: ["held the weekly planning meeting without interruption", "rewrote the standing orders for field travel",
            "checked the emergency caches", "kept the main generator hall in good order",
            "trained new arrivals in sea-ice safety", "updated the inventory of spare parts", "cleared the snow from the helicopter pad",
            "repainted the route markers", "tested the fire alarms",
            "moved the library into the former radio room", "organised the annual open-station day for visiting ships"],
        Settings: ["at the main station", "in the accommodation blocks", "around the station perimeter", "on the boat ramp",
            "in the workshop", "at the outlying huts", "in the operations room", "along the marked route to the landing site"],
        Objects: ["the daily routine", "the duty roster", "the station log", "the communications schedule", "the field travel plans",
            "the handover notes", "the maintenance calendar", "the visitor programme"],
        Reasons: ["because the crew was smaller than in most years", "so that nothing would be left to memory at handover",
            "since the same tasks would fall to different people each month", "as the old procedures no longer matched the equipment",
            "because small problems in winter tend to become large ones", "so that the summer teams could start work at once", "since the same mistakes had been made in earlier winters", "as the older crew members were leaving at the end of the season"],
        Outcomes: ["the station ran smoothly for most of the year", "no working day was lost to equipment failure in the main buildings",
            "morale remained high through the darkest weeks", "the handover to the summer crew was the quietest in recent memory",
            "the new routines were adopted without much argument", "the outlying huts were usable throughout the season", "the kitchen rota was kept without a single complaint reaching the station leader", "the new arrivals settled in quickly", "the station was ready for the summer season a week early"]);
}
