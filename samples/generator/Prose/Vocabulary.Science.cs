namespace LongDoc.Samples.Generator.Prose;

/// <summary>Phrase pools for the science chapters.</summary>
public static partial class Vocabulary
{
    public static readonly Topic Meteorology = new("meteorology",
        Actors: ["the meteorological observer", "the weather team", "the instrument technician", "the night observer", "the forecasting desk"],
        Activities: ["launched the daily radiosonde", "replaced the frosted humidity sensor", "compared the automatic readings with the manual ones",
            "cleaned the radiation shields after each storm", "reset the snow gauge", "logged the cloud cover every three hours",
            "raised the wind mast after the snowpack grew", "archived the synoptic messages", "checked the barometer against the travelling standard"],
        Settings: ["on the meteorological mast", "at the upper weather site", "in the balloon shed", "on the instrument terrace", "at the coastal weather station"],
        Objects: ["the temperature record", "the wind series", "the precipitation measurements", "the upper-air soundings", "the sunshine record", "the snow stake readings"],
        Reasons: ["because the series is one of the longest in the region", "so that the record stays comparable with earlier decades",
            "since drifting snow can bias the precipitation gauges", "as the numerical forecast centres depend on the soundings", "because the old mast had begun to lean in the thawing ground", "so that the night readings could be checked against the day ones", "since two sensors had failed in the previous winter"],
        Outcomes: ["the year was milder than the long-term average", "the record had no gaps longer than a single day",
            "the manual and automatic readings agreed closely", "storms arrived more often in the second half of the year",
            "the soundings were used by forecast centres every day", "the new humidity sensors coped better with rime than the old ones", "the snow gauge record looked more plausible after the windshield was fitted", "calm spells were shorter and rarer than usual"]);

    public static readonly Topic Glaciology = new("glaciology",
        Actors: ["the glaciology team", "two field assistants", "the drilling crew", "the survey party", "the visiting glaciologists"],
        Activities: ["repeated the stake survey", "mapped the calving front with the drone", "measured the surface velocity with the differential receivers",
            "logged the core sections in the cold room", "recovered the time-lapse cameras", "dug a snow pit to sample the winter layers",
            "ran the radar profiles across the upper basin", "packed the ice core boxes for shipment", "checked the drill for wear after each run"],
        Settings: ["on the lower tongue of the glacier", "across the upper basin", "at the drill camp", "along the calving front", "near the ice divide"],
        Objects: ["the stake network", "the core archive", "the radar profiles", "the velocity record", "the calving front maps"],
        Reasons: ["because the glacier has retreated every year since records began", "so that the ice core can be dated layer by layer",
            "since surface melt now reaches higher than it used to", "as the drone surveys need ground control points", "because the lower stakes melt out by midsummer", "so that the radar lines match those flown in earlier years", "since the cold room can only hold a season of core at a time"],
        Outcomes: ["the glacier continued its retreat", "the core quality was good throughout the upper sections",
            "the melt season started earlier than in any recent year", "the radar showed the bed in more detail than before", "the stake network was extended to the upper basin", "no core section was lost during transport", "the calving front moved back along its whole width"]);

    public static readonly Topic Biology = new("biology",
        Actors: ["the seabird team", "the marine biologists", "the botanist", "the seal census party", "the volunteer counters"],
        Activities: ["counted the nesting burrows along the transects", "ringed the fledglings before they left the colony",
            "fitted satellite tags to the seals", "photographed the moss banks from the fixed points", "sampled the plankton from the small boat",
            "recorded the breeding success of the petrels", "mapped the lichen plots on the rock outcrops", "collected stomach samples for diet studies"],
        Settings: ["on the northern cliffs", "in the sheltered bays", "on the beaches below the station", "on the moss banks", "offshore in the sound"],
        Objects: ["the colony census", "the tagging records", "the vegetation plots", "the plankton samples", "the diet samples"],
        Reasons: ["because the colonies are sensitive to changes in sea ice", "so that disturbance to the birds stayed as small as possible",
            "since the permits limit the number of animals handled", "as the moss banks grow only a few millimetres a year", "because the petrels return to the same burrows every year", "so that the diet samples could be compared with the plankton catch", "since the seal tags only transmit while the animals are at the surface"],
        Outcomes: ["breeding success was better than in the previous season", "the seals ranged further offshore than expected",
            "the moss banks showed signs of recovery after the dry years", "the plankton samples were richer in krill than usual", "chicks fledged slightly earlier than in the long-term average", "several ringed birds from earlier years were seen again", "the lichen plots were unchanged since the last survey"]);

    public static readonly Topic Atmosphere = new("atmosphere",
        Actors: ["the atmospheric chemist", "the observatory staff", "the clean-air technician", "the ozone observer"],
        Activities: ["changed the filters on the aerosol sampler", "calibrated the gas analyser against the reference cylinders",
            "took the daily ozone readings with the spectrophotometer", "flask-sampled the clean air sector", "replaced the inlet line on the tower",
            "flagged the readings contaminated by station exhaust"],
        Settings: ["at the clean-air observatory", "on the sampling tower", "in the spectrophotometer hut", "upwind of the station"],
        Objects: ["the greenhouse gas record", "the ozone series", "the aerosol filters", "the calibration history"],
        Reasons: ["because the clean-air sector must stay free of local pollution", "so that the record can join the global networks",
            "since the reference gases drift slowly over time", "as the ozone hole reaches the island most springs", "because the inlet line had cracked in the cold", "so that each filter could be traced to the weather at the time", "since the partner laboratories analyse the flasks months later"],
        Outcomes: ["the data met the network quality standards", "the ozone hole was smaller than in the previous spring",
            "the carbon dioxide record continued its steady rise", "very few readings had to be rejected", "the aerosol load rose briefly during the spring storms", "the new calibration scale was adopted without a break in the record"]);

    public static readonly Topic Traverse = new("traverse",
        Actors: ["the traverse party", "the lead driver", "the navigator", "the camp cook", "the radio operator"],
        Activities: ["probed the route for hidden crevasses", "refuelled the tractors from the depot", "pitched the tents in the lee of the sledges",
            "reported the position to the station each evening", "dug out the sledges after the storm", "marked the route with bamboo flags"],
        Settings: ["on the western plateau", "beyond the nunataks", "across the crevasse field", "at the overnight camp", "along the ridge"],
        Objects: ["the route notes", "the fuel depots", "the sledge loads", "the radio schedule"],
        Reasons: ["because the snow bridges were weaker than last year", "so that the return journey could follow the same flags",
            "since the tractors use more fuel in soft snow", "as the light made crevasses hard to see"],
        Outcomes: ["the party kept to its timetable", "no vehicle broke through a snow bridge", "the depots were found intact", "everyone returned in good health"]);
}
