using System.Text;
using LongDoc.Samples.Generator.Facts;

namespace LongDoc.Samples.Generator.Web;

/// <summary>A visitor FAQ for Vellmark Station in Markdown: headings, a bulleted and a numbered list, a table.</summary>
public static class FaqMarkdown
{
    public const string FileName = "vellmark-visitor-faq.md";

    static FactSpec F(string id, string q, string a, string sentence = "{}") => new(id, q, a, sentence);

    static readonly FactSpec MinAge = F("md-min-age", "What is the minimum age for visitors to Vellmark Station?", "21 years",
        "Visitors must be at least {} old on the day the ship leaves port.");
    static readonly FactSpec Deadline = F("md-deadline", "What is the application deadline for the 2026-27 visiting fellowship at Vellmark Station?", "30 April 2026",
        "Applications for the 2026-27 visiting fellowship close on {}; late applications are not considered.");
    static readonly FactSpec CallSign = F("md-call-sign", "What is Vellmark Station's radio call sign?", "Skarn Control",
        "The station answers on marine VHF channel sixteen under the call sign {}.");
    static readonly FactSpec Bandwidth = F("md-bandwidth", "How fast is the internet connection at Vellmark Station?", "40 megabits per second",
        "The satellite link provides {}, shared by everyone on station, so video calls are booked through the communications officer.");
    static readonly FactSpec Quarantine = F("md-quarantine", "How long must incoming cargo stay in biosecurity quarantine at Vellmark Station?", "72 hours",
        "All incoming cargo is held in the biosecurity shed for {} and inspected for seeds, soil and insects before it is released.");
    static readonly FactSpec Beds = F("md-beds-fjellhus", "How many beds does the Fjellhus accommodation block at Vellmark Station have?", "26 beds");

    public static string Write(FactLedger ledger)
    {
        foreach (var f in new[] { MinAge, Deadline, CallSign, Bandwidth, Quarantine, Beds }) ledger.Declare(f, FileName);
        var md = new StringBuilder();
        void P(string text) => md.Append(text).Append("\n\n");
        void Fact(FactSpec f) { P(f.Render()); ledger.Place(f.Id, null); }

        P("# Visiting Vellmark Station: Frequently Asked Questions");
        P("*Vellmark Station, Skarn Island. This page answers the questions we are asked most often by visiting scientists, ship passengers and families of the crew. It is a fictional document generated to test LongDoc.*");

        P("## Who can visit?");
        P("Vellmark Station hosts visiting scientists, support staff on short contracts and, on open-station days, passengers from visiting ships.");
        Fact(MinAge);
        P("Every visitor needs a medical clearance and a place on an approved project or ship itinerary.");

        P("## How do I apply for the visiting fellowship?");
        Fact(Deadline);
        P("The application has four steps:");
        P("1. Agree a project with a host scientist at the station.\n2. Submit the proposal form and a two-page work plan.\n3. Pass the medical and dental examination.\n4. Attend the pre-departure field training course.");

        P("## How do I contact the station?");
        Fact(CallSign);
        Fact(Bandwidth);

        P("## Where will I sleep?");
        P("Accommodation is allocated by the station leader before the ship arrives. The blocks are:");
        P("| Block | Beds | Used by |\n|---|---|---|\n| Fjellhus | 26 beds | Summer crew |\n| Tindhus | 12 beds | Visiting scientists |\n| Old Hut | 6 beds | Emergency refuge only |");
        ledger.Place(Beds.Id, null);
        P("Rooms are shared in summer. Quiet hours run from ten in the evening until seven in the morning.");

        P("## What should I bring?");
        P("The station issues cold-weather clothing, but you should bring:");
        P("- sunglasses with side shields and a spare pair\n- personal medicines for the whole stay, in original packaging\n- a head torch with spare batteries\n- clothes washed and boots scrubbed free of soil and seeds");

        P("## What are the biosecurity rules?");
        Fact(Quarantine);
        P("Visitors walk through a boot wash on arrival and on every return from the field. Fresh fruit may not be taken off the station.");
        return md.ToString().TrimEnd() + "\n";
    }
}
