namespace LongDoc.Tasks.Tests;

/// <summary>Generated documents in other languages than English, one paragraph a page (see <see cref="Documents.FromPages"/>).</summary>
static class LanguageDocuments
{
    /// <summary>A station handbook in German, 8 pages; facts on pages 2 (Feldsaison), 3 (founder), 6 (winter crew), 8 (pets).</summary>
    public static readonly string[] German =
    [
        "Die Forschungsstation Nordlicht liegt auf einer kleinen Insel im Nordmeer. Sie wird vom Institut für Polarforschung betrieben, d. h. das Institut trägt alle Kosten. Die Insel ist ca. 12 km lang und z. B. im Sommer gut erreichbar.",
        "Im Jahr 2019 erschien die 2. Auflage des Stationshandbuchs. Es beschreibt u. a. die Sicherheitsregeln, die Funkzeiten und die Lagerhaltung (vgl. Kap. 4). Am 3. Mai beginnt jedes Jahr die Feldsaison.",
        "Die Station wurde 1987 von Dr. Helga Brandt gegründet. Sie leitete die Station bis zum Jahr 2004. Danach übernahm Prof. Jens Albers die Leitung.",
        "Die Stromversorgung erfolgt über drei Windräder und eine Solaranlage. Bei Sturm wird ein Dieselgenerator zugeschaltet, bzw. bei längeren Ausfällen ein zweiter. Der Verbrauch liegt bei etwa 40 kWh pro Tag.",
        "Die Verpflegung wird zweimal im Jahr per Schiff geliefert. Frische Lebensmittel sind daher knapp, insb. im Winter. Die Köche backen das Brot selbst.",
        "Im Winter überwintert eine Mannschaft von zwölf Forschern auf der Station. Im Sommer wohnen bis zu vierzig Personen in den Unterkünften. Die längste Überwinterung dauerte vierzehn Monate.",
        "Die Messdaten werden täglich per Satellit an das Institut übertragen. Die Datenrate beträgt ca. 2 Mbit/s. Bei schlechtem Wetter fällt die Verbindung gelegentlich aus.",
        "Besucher müssen sich mindestens drei Monate vorher anmelden. Haustiere sind auf der Insel nicht erlaubt. Weitere Informationen stehen auf S. 12 des Handbuchs.",
    ];

    /// <summary>The same handbook in Chinese: founding on page 3, winter crew on page 6, pets on page 8.</summary>
    public static readonly string[] Chinese =
    [
        "北极光研究站位于斯瓦尔巴群岛的一个小岛上。研究站由极地研究所管理。岛屿长约十二公里。",
        "每年五月开始野外考察季节。考察队员需要接受安全培训。",
        "研究站于1987年由海尔格·布兰特博士建立。她领导研究站直到2004年。",
        "电力由三台风力发电机和一套太阳能系统提供。暴风雨时会启动柴油发电机。",
        "食品每年由船运送两次。新鲜食品在冬季特别稀缺。",
        "冬季有十二名科学家在站上越冬。夏季最多有四十人住在宿舍里。",
        "测量数据每天通过卫星传送到研究所。数据传输速率约为每秒两兆比特。",
        "游客必须至少提前三个月登记。岛上不允许携带宠物。",
    ];

    /// <summary>A shorter handbook in French: founding on page 2, winter crew on page 3.</summary>
    public static readonly string[] French =
    [
        "La station de recherche Aurore se trouve sur une petite île de la mer du Nord. Elle est gérée par l'Institut de recherche polaire, c.-à-d. l'institut paie tous les frais.",
        "La station a été fondée en 1987 par Mme Hélène Brandt. Elle a dirigé la station jusqu'en 2004.",
        "En hiver, une équipe de douze chercheurs hiverne à la station. En été, jusqu'à quarante personnes logent dans les bâtiments.",
        "Les visiteurs doivent s'inscrire au moins trois mois à l'avance. Les animaux domestiques ne sont pas autorisés sur l'île, cf. p. 12 du manuel.",
    ];

    /// <summary>The same in Japanese: founding on page 2, winter crew on page 3.</summary>
    public static readonly string[] Japanese =
    [
        "オーロラ研究所は北極海の小さな島にある。研究所は極地研究機構が運営している。",
        "研究所は1987年にブラント博士によって設立された。博士は2004年まで所長を務めた。",
        "冬には十二人の研究者が研究所で越冬する。夏には最大四十人が宿舎に滞在する。",
        "訪問者は三か月前までに登録しなければならない。島にペットを連れて行くことはできない。",
    ];
}
