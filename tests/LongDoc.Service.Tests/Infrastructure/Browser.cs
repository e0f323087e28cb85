using OpenQA.Selenium;
using OpenQA.Selenium.Chrome;
using OpenQA.Selenium.Support.UI;

namespace LongDoc.Service.Tests.Infrastructure;

/// <summary>
/// The system's headless Chromium (Debian's chromium) driven through its chromedriver, with a folder of screenshots
/// under the test output. <see cref="Start"/> is null when either is missing outside CI; under CI (CI=true, which
/// .ci/run exports after installing them) a missing one fails the test with what to install.
/// </summary>
public sealed class Browser : IDisposable
{
    const string ChromiumPath = "/usr/bin/chromium";
    const string DriverPath = "/usr/bin/chromedriver";
    static readonly TimeSpan Patience = TimeSpan.FromSeconds(120);

    static bool InCi => Environment.GetEnvironmentVariable("CI") is { } v && (v.Equals("true", StringComparison.OrdinalIgnoreCase) || v == "1");

    int _shots;

    Browser(ChromeDriver driver, string screenshots)
    {
        Driver = driver;
        Screenshots = screenshots;
    }

    public ChromeDriver Driver { get; }

    /// <summary>Where <see cref="Shot"/> writes its PNGs (printed by the tests).</summary>
    public string Screenshots { get; }

    /// <summary>Chromium at 1400x1000, or null (with the reason in <paramref name="why"/>) when it is not installed outside CI.</summary>
    public static Browser? Start(string name, out string? why)
    {
        why = new[] { ChromiumPath, DriverPath }.FirstOrDefault(p => !File.Exists(p)) is { } missing
            ? $"{missing} is missing: install Debian's chromium and chromium-driver (.ci/run does)" : null;
        if (why is not null)
        {
            Assert.False(InCi, $"CI requires the browser: {why}");
            return null;
        }
        var service = ChromeDriverService.CreateDefaultService(Path.GetDirectoryName(DriverPath)!, Path.GetFileName(DriverPath));
        service.SuppressInitialDiagnosticInformation = true;
        service.HideCommandPromptWindow = true;
        var options = new ChromeOptions { BinaryLocation = ChromiumPath };
        options.SetLoggingPreference(LogType.Browser, LogLevel.All);
        options.AddArguments("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--disable-gpu", "--window-size=1400,1000",
            "--no-first-run", "--no-default-browser-check", "--disable-extensions", "--lang=en-US");
        var driver = new ChromeDriver(service, options, Patience);
        driver.Manage().Timeouts().PageLoad = Patience;
        driver.Manage().Timeouts().AsynchronousJavaScript = Patience;
        var folder = Path.Combine(AppContext.BaseDirectory, "screenshots", name);
        if (Directory.Exists(folder)) Directory.Delete(folder, recursive: true);
        Directory.CreateDirectory(folder);
        return new Browser(driver, folder);
    }

    /// <summary>Waits (up to two minutes, checking every 100 ms) until <paramref name="condition"/> gives a value that is not null or false.</summary>
    public T Until<T>(Func<IWebDriver, T> condition, string what)
    {
        var wait = new WebDriverWait(Driver, Patience) { PollingInterval = TimeSpan.FromMilliseconds(100), Message = what };
        wait.IgnoreExceptionTypes(typeof(NoSuchElementException), typeof(StaleElementReferenceException));
        return wait.Until(condition);
    }

    public IWebElement Find(string css) => Until(d => d.FindElement(By.CssSelector(css)), $"an element {css}");

    public object? Script(string script, params object[] args) => Driver.ExecuteScript(script, args);

    /// <summary>What the page's console reported since the last call: script errors and Content-Security-Policy violations among them.</summary>
    public IReadOnlyList<string> Console() => [.. Driver.Manage().Logs.GetLog(LogType.Browser).Select(e => $"{e.Level}: {e.Message}")];

    /// <summary>A screenshot, numbered in the order taken: NN-NAME.png.</summary>
    public string Shot(string name)
    {
        var path = Path.Combine(Screenshots, $"{++_shots:00}-{name}.png");
        Driver.GetScreenshot().SaveAsFile(path);
        return path;
    }

    public void Dispose() => Driver.Quit();
}
