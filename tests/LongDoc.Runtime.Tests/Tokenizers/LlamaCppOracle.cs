using System.Diagnostics;
using System.Text.Json;

namespace LongDoc.Runtime.Tests.Tokenizers;

/// <summary>
/// Runs llama.cpp's tokenizer through tests/LongDoc.Oracle in a child process (llama.cpp aborts the process on some
/// inputs, and a crash must fail one test, not the test host). The test project builds the Oracle through a
/// ProjectReference with ReferenceOutputAssembly=false, so its dll sits in the sibling bin folder.
/// </summary>
static class LlamaCppOracle
{
    public static string OracleDll
    {
        get
        {
            // .../tests/LongDoc.Runtime.Tests/bin/<Configuration>/<tfm>/
            var dir = new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar));
            string tfm = dir.Name, configuration = dir.Parent!.Name;
            string tests = dir.Parent!.Parent!.Parent!.Parent!.FullName;
            string dll = Path.Combine(tests, "LongDoc.Oracle", "bin", configuration, tfm, "LongDoc.Oracle.dll");
            return File.Exists(dll) ? dll : throw new FileNotFoundException($"llama.cpp oracle not built: {dll}");
        }
    }

    public sealed record Result(int[] Tokens, double Seconds);

    public static Result Tokenize(string ggufPath, string text, bool parseSpecial, bool addBos = false)
    {
        string textPath = TokenizerTestData.TempFile($"oracle-{Guid.NewGuid():N}.txt");
        File.WriteAllText(textPath, text);
        try
        {
            var psi = new ProcessStartInfo("dotnet")
            {
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                UseShellExecute = false,
            };
            foreach (var a in new[] { OracleDll, "tokenize", ggufPath, textPath, parseSpecial ? "--special" : "--no-special", "--time" })
                psi.ArgumentList.Add(a);
            if (addBos) psi.ArgumentList.Add("--add-bos");
            using var p = Process.Start(psi)!;
            var stderr = p.StandardError.ReadToEndAsync();
            string stdout = p.StandardOutput.ReadToEnd();
            if (!p.WaitForExit(120_000)) { p.Kill(); throw new TimeoutException("llama.cpp oracle took over 120 s"); }
            if (p.ExitCode != 0) throw new InvalidOperationException($"llama.cpp oracle exit {p.ExitCode}: {stderr.Result}\n{stdout}");
            using var doc = JsonDocument.Parse(stdout);
            return new(doc.RootElement.GetProperty("tokens").EnumerateArray().Select(e => e.GetInt32()).ToArray(),
                       doc.RootElement.GetProperty("seconds").GetDouble());
        }
        finally
        {
            File.Delete(textPath);
        }
    }
}
