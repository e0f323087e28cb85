namespace LongDoc.Documents.Tests.Readers.Ocr;

/// <summary>
/// Stand-ins for the tesseract executable (shell scripts in a temporary folder): one that lists only "eng" and then
/// hangs on recognition, to test the time limit and the language check without depending on what is installed.
/// </summary>
sealed class FakeTesseract : IDisposable
{
    readonly string _folder = Directory.CreateTempSubdirectory("longdoc-fake-tesseract-").FullName;

    public FakeTesseract()
    {
        Path = System.IO.Path.Combine(_folder, "tesseract");
        File.WriteAllText(Path, """
            #!/bin/sh
            if [ "$1" = "--list-langs" ]; then printf 'List of available languages in "/fake/" (2):\neng\nosd\n'; exit 0; fi
            exec sleep 60
            """.Replace("\r", "") + "\n");
        if (!OperatingSystem.IsWindows()) File.SetUnixFileMode(Path, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
    }

    public string Path { get; }

    public void Dispose() => Directory.Delete(_folder, true);
}
