using LongDoc.Samples.Generator.Facts;
using LongDoc.Samples.Generator.Prose;

namespace LongDoc.Samples.Generator.Report;

/// <summary>
/// The annual report of Vellmark Station, a fictional research station on the fictional Skarn Island.
/// Every checkable fact lives here, once, with its question; the filler around it carries no digits,
/// so each answer appears in the PDF exactly once.
/// </summary>
public static class ReportContent
{
    public const string Title = "Vellmark Station Annual Report 2025";
    public const string RunningHeader = "Vellmark Station - Annual Report 2025";

    static FactSpec F(string id, string q, string a, string sentence) => new(id, q, a, sentence);

    public static IReadOnlyList<Chapter> Chapters { get; } =
    [
        new("Director's Foreword",
        [
            new("The Year in Brief", Vocabulary.Station, 4,
            [
                F("pdf-director", "Who led Vellmark Station in 2025?", "Dr. Ingrid Solvang",
                  "This report was compiled under {}, who led the station for a third consecutive year."),
            ]),
            new("Acknowledgements", Vocabulary.Station, 3,
            [
                F("pdf-operator", "Which organisation operates Vellmark Station?", "Nordhavn Institute for Polar Science",
                  "The station is operated by the {} on behalf of its member universities."),
            ]),
        ]),
        new("Station and Logistics",
        [
            new("Location and Site", Vocabulary.Station, 4,
            [
                F("pdf-coordinates", "What are the coordinates of Vellmark Station?", "61.874 S, 47.302 W",
                  "The main buildings stand at {} on a raised beach on the eastern shore of Skarn Island."),
                F("pdf-elevation", "At what elevation does the main station building stand?", "38 metres above sea level",
                  "The floor of the main building lies {}, high enough to be safe from the largest storm surges on record."),
                F("pdf-founded", "When was Vellmark Station founded?", "14 February 1987",
                  "The first hut was raised on {}, and the station has been occupied all year round ever since."),
            ]),
            new("Personnel", Vocabulary.Station, 4,
            [
                F("pdf-winter-crew", "How many people spent the 2025 winter at Vellmark Station?", "19 people",
                  "The winter crew numbered {}, of whom seven were scientists and the rest technical and support staff."),
                F("pdf-doctor", "Who was the station doctor during the 2025 winter?", "Dr. Tomasz Wielgosz",
                  "Medical cover through the winter was provided by {}, who also ran the first-aid training."),
            ]),
            new("Resupply and Shipping", Vocabulary.Logistics, 4,
            [
                F("pdf-vessel", "Which vessel carried out the main resupply in 2025?", "RV Aurora Kestrel",
                  "The main resupply was carried out by the {}, chartered for the season from a Norwegian operator."),
                F("pdf-ship-arrival", "On what date did the resupply vessel arrive at the station?", "14 November 2025",
                  "The ship dropped anchor in the northern anchorage on {}, a week later than planned because of pack ice."),
                F("pdf-cargo", "How much cargo was landed during the 2025 resupply?", "312 tonnes",
                  "In total {} of cargo were landed, most of it fuel, food and building materials for the hangar."),
            ]),
            new("Energy", Vocabulary.Logistics, 3,
            [
                F("pdf-turbines", "What generates the station's wind power?", "four 250 kW wind turbines",
                  "The wind farm on the ridge above the station consists of {} installed over the previous decade."),
                F("pdf-renewable-share", "What share of the station's electricity came from renewable sources in 2025?", "46 percent",
                  "Renewable sources supplied {} of the electricity used on station, with diesel generators covering the rest."),
            ]),
        ]),
        new("Meteorology",
        [
            new("Observing Programme", Vocabulary.Meteorology, 3, []),
            new("Temperature", Vocabulary.Meteorology, 3,
            [
                F("pdf-coldest", "What was the lowest air temperature recorded at Vellmark Station in 2025?", "-38.6 degrees Celsius",
                  "The lowest air temperature of the year, {}, was reached in the early hours of a clear and calm July night."),
            ]),
            new("Wind", Vocabulary.Meteorology, 3,
            [
                F("pdf-gust", "What was the strongest wind gust recorded in 2025?", "61.2 metres per second",
                  "The strongest gust of the year, {}, was recorded during the September storm that damaged the balloon shed."),
            ]),
            new("Monthly Summary", Vocabulary.Meteorology, 1, [], WeatherTable.Table, ParagraphsAfterTable: 3),
        ]),
        new("Glaciology",
        [
            new("Brenner Glacier Monitoring", Vocabulary.Glaciology, 4,
            [
                F("pdf-retreat", "How far did the front of Brenner Glacier retreat in 2025?", "27.4 metres",
                  "Between the two summer surveys the front of Brenner Glacier retreated by {}, the largest annual loss in the record."),
            ]),
            new("Ice Core Drilling", Vocabulary.Glaciology, 4,
            [
                F("pdf-core-depth", "What depth did the ice core drilling reach in 2025?", "412.6 metres",
                  "By the end of the season the drill had reached a depth of {} below the surface of the ice divide."),
                F("pdf-core-lead", "Who led the ice core drilling project?", "Dr. Amara Okonjo",
                  "The drilling project was led by {}, who has directed the ice core work since its first season."),
            ]),
            new("Sea Ice", Vocabulary.Glaciology, 3, []),
        ]),
        new("Marine and Terrestrial Biology",
        [
            new("Seabird Colonies", Vocabulary.Biology, 4,
            [
                F("pdf-petrels", "How many breeding pairs of Skarn petrels were counted in 2025?", "11,480 breeding pairs",
                  "The census of the northern cliffs found {} of Skarn petrels, an increase on the previous count."),
            ]),
            new("Seal Tagging", Vocabulary.Biology, 3,
            [
                F("pdf-seals", "How many southern elephant seals were fitted with satellite tags?", "23 southern elephant seals",
                  "Satellite tags were fitted to {} on the beaches below the station during the moult."),
            ]),
            new("Vegetation", Vocabulary.Biology, 3,
            [
                F("pdf-moss", "Where is the largest moss bank on Skarn Island?", "Lindqvist Point",
                  "The largest moss bank on the island, at {}, was photographed from all of its fixed points."),
            ]),
        ]),
        new("Atmospheric Chemistry",
        [
            new("Greenhouse Gases", Vocabulary.Atmosphere, 3,
            [
                F("pdf-co2", "What was the annual mean carbon dioxide concentration at Vellmark Station in 2025?", "424.9 ppm",
                  "The annual mean carbon dioxide concentration in the clean-air sector was {}, continuing the long upward trend."),
            ]),
            new("Ozone", Vocabulary.Atmosphere, 3,
            [
                F("pdf-ozone", "What was the lowest total ozone column measured in 2025?", "138 Dobson units",
                  "The lowest total ozone column of the spring, {}, was measured when the edge of the ozone hole passed over the island."),
            ]),
        ]),
        new("Field Notes: The Western Traverse",
        [
            new("Route and Party", Vocabulary.Traverse, 3,
            [
                F("pdf-traverse-leader", "Who led the Western Traverse?", "Kasper Lindahl",
                  "The traverse was led by {}, a field guide on his fourth season with the station."),
            ]),
            new("Camps and Distances", Vocabulary.Traverse, 2,
            [
                F("pdf-traverse-distance", "How far did the Western Traverse travel in total?", "186 kilometres",
                  "In all the party covered {} there and back, at an average of a little over twenty a day."),
                F("pdf-traverse-camp", "What was the westernmost camp of the traverse called?", "Camp Harrow",
                  "The westernmost camp, {}, sat in the lee of a nunatak at the edge of the plateau."),
            ]),
        ], TwoColumn: true),
        new("Health, Safety and Environment",
        [
            new("Medical Care", Vocabulary.Safety, 3, []),
            new("Waste Management", Vocabulary.Safety, 3,
            [
                F("pdf-waste", "What proportion of the station's waste was shipped off the island in 2025?", "94 percent",
                  "By weight {} of all waste produced on station was shipped off the island for treatment or recycling."),
            ]),
        ]),
        new("Finance",
        [
            new("Operating Budget", Vocabulary.Finance, 3,
            [
                F("pdf-budget", "What was the station's total operating budget for 2025?", "EUR 14.7 million",
                  "The total operating budget for the year was {}, of which fuel and shipping took the largest share."),
            ]),
            new("Capital Projects", Vocabulary.Finance, 3, []),
        ]),
        new("Outlook for 2026",
        [
            new("The New Laboratory", Vocabulary.Outlook, 3,
            [
                F("pdf-new-lab", "What will the new laboratory at Vellmark Station be named?", "Marguerite Hollis Laboratory",
                  "The new building will be named the {}, after the biologist who spent eleven winters on the island."),
            ]),
            new("Science Priorities", Vocabulary.Outlook, 3, []),
        ]),
    ];
}
