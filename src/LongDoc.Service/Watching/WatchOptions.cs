using System.ComponentModel.DataAnnotations;

namespace LongDoc.Service.Watching;

/// <summary>The folder watcher (section "Watch"). Input and Output are required; the rest has defaults.</summary>
public sealed class WatchOptions
{
    /// <summary>The folder to consume, recursively.</summary>
    [Required(ErrorMessage = "Watch:Input is required (the folder to watch)")] public string Input { get; set; } = "";

    /// <summary>Where `NAME.summary.md` and `NAME.longdoc.json` go (mirroring Input's subfolders), with processed/, failed/, duplicates/.</summary>
    [Required(ErrorMessage = "Watch:Output is required (the folder for results)")] public string Output { get; set; } = "";

    /// <summary>Size and mtime must stay unchanged this long before a file is taken (it may still be copying).</summary>
    [Range(0.0, 3600.0)] public double StableSeconds { get; set; } = 5;

    /// <summary>A full rescan this often catches what inotify missed (overflow, renames from outside).</summary>
    [Range(1.0, 86400.0)] public double RescanSeconds { get; set; } = 60;

    /// <summary>Network shares deliver no inotify events: scan every <see cref="PollSeconds"/> instead.</summary>
    public bool Polling { get; set; }

    [Range(0.1, 3600.0)] public double PollSeconds { get; set; } = 5;

    /// <summary>Glob patterns (* and ?) matched against every path segment: temp files, partial downloads, hidden files.</summary>
    public List<string> Ignore { get; set; } = ["*.tmp", "~$*", ".*", "*.part", "*.crdownload", "*.swp"];

    /// <summary>
    /// Symbolic links are skipped by default (logged once, never read, never moved). True: a symlink to a regular
    /// file whose real path lies inside Input is read through and taken under the link's own name; the link, not its
    /// target, is what moves to processed/. Links leading outside Input, to anything but a regular file, and symlinked
    /// folders are refused either way. FIFOs, sockets and devices are never opened.
    /// </summary>
    public bool FollowSymlinks { get; set; }

    public string ProcessedFolder(string output) => Path.Combine(output, "processed");
    public string FailedFolder(string output) => Path.Combine(output, "failed");
    public string DuplicatesFolder(string output) => Path.Combine(output, "duplicates");
}
