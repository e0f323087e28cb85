namespace LongDoc.Samples.Generator.Prose;

/// <summary>Phrase pools for the operational chapters: logistics, safety, finance, outlook.</summary>
public static partial class Vocabulary
{
    public static readonly Topic Logistics = new("logistics",
        Actors: ["the logistics coordinator", "the cargo team", "the ship's crew", "the plant operators", "the mechanics", "the fuel handlers"],
        Activities: ["unloaded the containers onto the ice shelf", "rebuilt the conveyor at the cargo shed", "pumped fuel ashore through the floating hose",
            "sorted the incoming freight by building", "serviced the tracked vehicles", "replaced the worn blades on the snow blower",
            "recalibrated the fuel meters", "inspected the mooring points", "stacked the empty drums for return shipment",
            "rerouted the power cables behind the generator hall", "insulated the water line to the laboratories"],
        Settings: ["at the landing site", "in the cargo shed", "beside the fuel farm", "on the sea ice below the station",
            "in the vehicle workshop", "behind the generator hall", "at the northern anchorage"],
        Objects: ["the cargo manifest", "the fuel inventory", "the vehicle fleet", "the shipping schedule", "the power budget", "the spares list"],
        Reasons: ["because the ice edge moved closer to the shore than forecast", "so that the ship could sail within its weather window",
            "since every litre of fuel had to be accounted for", "as the older vehicles were near the end of their service life",
            "because a single delay would have pushed the programme into the next season"],
        Outcomes: ["the unloading finished ahead of schedule", "fuel use fell for the second year running",
            "the wind farm carried the base load through most of the winter", "no cargo was lost or damaged in transit",
            "the vehicle fleet stayed serviceable through the winter", "the spares held on station proved sufficient"]);

    public static readonly Topic Safety = new("safety",
        Actors: ["the station doctor", "the safety officer", "the search and rescue team", "the environmental officer", "the first-aid volunteers"],
        Activities: ["ran a mass-casualty exercise", "inspected the crevasse rescue kit", "rehearsed the evacuation of the laboratories",
            "audited the chemical store", "surveyed the old waste dump for leaks", "reviewed the incident log with the whole crew",
            "replaced the expired drugs in the field medical kits", "checked the oil spill booms at the fuel jetty"],
        Settings: ["in the medical centre", "at the fuel jetty", "on the glacier training slope", "in the chemical store", "at the old waste site"],
        Objects: ["the incident log", "the medical stores", "the waste separation scheme", "the spill response plan", "the field safety briefings"],
        Reasons: ["because the nearest hospital is several days away by sea", "so that every crew member knew their role in an emergency",
            "since the environmental permit requires it", "as the rules of the treaty system leave no room for shortcuts"],
        Outcomes: ["no serious injury occurred during field travel", "the exercise exposed two weaknesses that were fixed within the week",
            "the waste separation rate improved on the previous year", "the inspectors found the station in good order"]);

    public static readonly Topic Finance = new("finance",
        Actors: ["the finance office", "the station directorate", "the audit committee", "the procurement team", "the institute board"],
        Activities: ["approved the revised capital plan", "renegotiated the shipping contract", "reviewed every spending line with the budget holders",
            "moved part of the reserve into the hangar project", "published the procurement rules for the new laboratory",
            "compared actual spending with the plan each quarter", "closed the accounts for the year"],
        Settings: ["at the institute headquarters", "at the quarterly board meeting", "in the annual audit", "in the mid-year review"],
        Objects: ["the operating budget", "the capital plan", "the fuel contract", "the reserve fund", "the shipping charter"],
        Reasons: ["because fuel prices moved sharply during the year", "so that the laboratory project could start on time",
            "since the funding agreement runs in three-year cycles", "as the auditors had asked for clearer reporting"],
        Outcomes: ["spending stayed within the approved budget", "the auditors raised no material findings",
            "the reserve fund was rebuilt to its target level", "the cost per science day fell slightly"]);

    public static readonly Topic Outlook = new("outlook",
        Actors: ["the station directorate", "the science advisory panel", "the design team", "the partner institutes", "the incoming winter crew"],
        Activities: ["drafted the science plan for the coming seasons", "agreed the layout of the new laboratory", "invited proposals for field projects",
            "set priorities for the next resupply", "began recruiting the next winter crew", "reviewed the long-term monitoring programme"],
        Settings: ["at the planning workshop", "in consultation with the partner institutes", "at the spring meeting of the advisory panel", "in the design reviews"],
        Objects: ["the long-term monitoring programme", "the new laboratory", "the field project calendar", "the station development plan"],
        Reasons: ["because several records are now long enough to show clear trends", "so that the station keeps its place in the international networks",
            "since the current laboratories are overcrowded in summer", "as younger scientists have asked for more field time"],
        Outcomes: ["the plan keeps every existing record running", "the new facilities will roughly double the bench space",
            "the proposals received were of high quality", "the station enters the new year in good shape"]);
}
