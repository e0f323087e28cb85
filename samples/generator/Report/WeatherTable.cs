using LongDoc.Samples.Generator.Facts;

namespace LongDoc.Samples.Generator.Report;

/// <summary>The one table of the report: monthly weather at Vellmark Station. Three cells are facts.</summary>
public static class WeatherTable
{
    static readonly string[][] Rows =
    [
        ["January", "2.4", "-3.1", "31.5", "64.2", "188.0"],
        ["February", "1.9", "-4.6", "35.8", "71.9", "142.3"],
        ["March", "-0.7", "-9.8", "42.0", "88.1", "96.4"],
        ["April", "-4.2", "-15.3", "47.7", "93.6", "51.8"],
        ["May", "-8.1", "-24.9", "52.4", "102.3", "18.2"],
        ["June", "-11.6", "-31.2", "55.1", "117.4", "2.5"],
        ["July", "-13.9", "-38.6", "49.3", "84.7", "6.1"],
        ["August", "-12.8", "-33.4", "53.6", "79.0", "27.9"],
        ["September", "-9.3", "-26.7", "61.2", "90.5", "74.6"],
        ["October", "-5.5", "-19.0", "44.9", "76.3", "129.7"],
        ["November", "-1.8", "-11.2", "38.2", "58.8", "203.4"],
        ["December", "1.2", "-5.7", "33.0", "52.1", "241.5"],
    ];

    public static readonly TableSpec Table = new(
        "Table 1. Monthly weather summary, Vellmark Station, 2025",
        ["Month", "Mean temp (C)", "Min temp (C)", "Max gust (m/s)", "Precip. (mm)", "Sunshine (h)"],
        Rows,
        [
            new(new FactSpec("pdf-table-precip-june", "How much precipitation fell at Vellmark Station in June 2025, in millimetres?", "117.4"), 5, 4),
            new(new FactSpec("pdf-table-sunshine-december", "How many hours of sunshine were recorded at Vellmark Station in December 2025?", "241.5"), 11, 5),
            new(new FactSpec("pdf-table-mean-april", "What was the mean air temperature at Vellmark Station in April 2025, in degrees Celsius?", "-4.2"), 3, 1),
        ]);
}
