using DocumentFormat.OpenXml;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Wordprocessing;
using LongDoc.Samples.Generator.Facts;
using LongDoc.Samples.Generator.Output;

namespace LongDoc.Samples.Generator.Docx;

/// <summary>
/// A two-page logistics memorandum for Vellmark Station's 2026 summer season: Heading1/Heading2
/// styles, a numbered list with a footnote, a cargo table, and an explicit page break before an appendix.
/// </summary>
public static class MemoDocx
{
    public const string FileName = "vellmark-logistics-memo-2026.docx";

    static FactSpec F(string id, string q, string a, string sentence = "{}") => new(id, q, a, sentence);

    static readonly FactSpec Author = F("docx-author", "Who wrote the Vellmark Station logistics memorandum for the 2026 summer season?", "Henrik Aalto",
        "From: {}, Logistics Coordinator");
    static readonly FactSpec Issued = F("docx-issued", "On what date was the 2026 logistics memorandum issued?", "12 January 2026", "Date: {}");
    static readonly FactSpec Port = F("docx-port", "From which port does the 2026 summer crew sail to Vellmark Station?", "Port Caledon",
        "The summer crew will sail from {} aboard the resupply vessel, which is expected to reach the island after nine days at sea.");
    static readonly FactSpec ReportBy = F("docx-report-by", "By what date must summer personnel report to the departure depot?", "3 February 2026",
        "All personnel must report to the departure depot no later than six in the evening on {}.");
    static readonly FactSpec Baggage = F("docx-baggage", "What is the personal baggage allowance for the 2026 summer season?", "25 kilograms",
        "Pack personal baggage within the allowance of {} per person, including field boots.");
    static readonly FactSpec ExcessRef = F("docx-excess-ref", "What approval reference must be quoted for excess baggage in 2026?", "LOG-2026-117",
        "Excess baggage must be approved in advance by the logistics office, quoting reference {}.");
    static readonly FactSpec Fuel = F("docx-fuel", "How much diesel fuel is allocated in the 2026 cargo plan?", "1,140,000 litres");
    static readonly FactSpec Phone = F("docx-satphone", "What is Vellmark Station's emergency satellite phone number?", "+870 772 401 855",
        "In an emergency the station can be reached on the satellite phone at {} at any hour.");
    static readonly FactSpec DutyOfficer = F("docx-duty-officer", "Who is the duty officer for the first week of the 2026 summer season?", "Marit Evjen",
        "The duty officer for the first week of the season is {}, who keeps the radio watch from the operations room.");

    static readonly string[] CargoHeader = ["Item", "Quantity", "Destination"];
    static readonly string[][] CargoRows =
    [
        ["Diesel fuel, polar grade", "1,140,000 litres", "Fuel farm"],
        ["Hangar steel frame", "48 tonnes", "Hangar site"],
        ["Frozen and dry food", "9.6 tonnes", "Main store"],
        ["Scientific equipment", "14 tonnes", "Laboratories"],
        ["Building materials", "31 tonnes", "Workshop yard"],
    ];

    public static byte[] Write(FactLedger ledger)
    {
        foreach (var f in new[] { Author, Issued, Port, ReportBy, Baggage, ExcessRef, Fuel, Phone, DutyOfficer }) ledger.Declare(f, FileName);
        var stream = new MemoryStream();
        using (var doc = WordprocessingDocument.Create(stream, WordprocessingDocumentType.Document))
        {
            // An explicit relationship id: AddMainDocumentPart() would pick a random one.
            var main = doc.AddNewPart<MainDocumentPart>("application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml", "rIdMain");
            DocxParts.AddStyles(main);
            DocxParts.AddNumbering(main);
            DocxParts.AddSettings(main);
            var footnotes = DocxParts.AddFootnotes(main);
            var bodyElement = new Body();
            main.Document = new Document(bodyElement);
            var body = new DocxBody(bodyElement, footnotes, ledger);

            body.Title("Logistics Memorandum");
            body.Paragraph("Vellmark Station, Skarn Island - Summer Season 2026");
            body.Paragraph("To: All summer personnel and visiting scientists");
            body.Fact(Author);
            body.Fact(Issued);

            body.Heading(1, "Summer Season 2026 Resupply");
            body.Heading(2, "Departure Arrangements");
            body.Fact(Port);
            body.Paragraph("Cabins on the ship are shared and the crossing can be rough, so bring seasickness tablets and expect the first two days " +
                "to be uncomfortable. The ship carries a doctor but has no pharmacy. Anyone who misses the sailing will have to wait for the next " +
                "rotation, which may be several weeks later.");
            body.Fact(ReportBy);

            body.Heading(2, "Before You Travel");
            body.Paragraph("Please complete the following steps, in this order, before leaving home:");
            body.NumberedItem("Obtain medical clearance from the institute doctor and send the certificate to the logistics office.");
            body.NumberedItem("Return the cold-weather clothing size form so that your kit can be packed in advance.");
            body.NumberedItem("", fact: Baggage, footnote: ExcessRef);
            body.NumberedItem("Read the station field safety manual and sign the declaration at the back.");

            body.Heading(2, "Cargo Allocation");
            body.Paragraph("The cargo plan below sets out what the ship will carry south. Quantities are fixed by the charter, and anything not on " +
                "the manifest will be refused at the quayside. Project teams that need more space should speak to the logistics office before the end of January.");
            body.Table(CargoHeader, CargoRows, [(0, 1, Fuel)]);
            body.Paragraph("Fuel is pumped ashore first, while the weather window is open; general cargo follows in order of priority. Scientific " +
                "equipment is unloaded last and must be labelled with the project number and the name of a person on station.");

            body.PageBreak();
            body.Heading(1, "Appendix A: Emergency Contacts");
            body.Heading(2, "Radio and Satellite");
            body.Fact(Phone);
            body.Paragraph("The radio room is staffed from seven in the morning until eleven at night; outside those hours, calls to the satellite " +
                "phone are diverted to the duty officer's handset. Field parties report their position by radio every evening, and a party that " +
                "misses two schedules in a row triggers a search.");
            body.Heading(2, "Duty Officers");
            body.Fact(DutyOfficer);
            body.Paragraph("Duty officers change every Monday at noon. The roster for the rest of the season will be posted in the mess room and " +
                "sent to all project leaders in the first week after arrival.");

            bodyElement.Append(new SectionProperties(
                new PageSize { Width = 11906, Height = 16838 },
                new PageMargin { Top = 1440, Right = 1440, Bottom = 1440, Left = 1440, Header = 720, Footer = 720, Gutter = 0 }));
        }
        return ZipNormalizer.Normalize(stream.ToArray());
    }
}
