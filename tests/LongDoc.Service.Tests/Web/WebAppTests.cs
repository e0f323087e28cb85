using System.Net;
using System.Text.RegularExpressions;
using LongDoc.Service.Tests.Infrastructure;
using LongDoc.Service.Web;

namespace LongDoc.Service.Tests.Web;

/// <summary>The web app's files over plain HTTP: public, typed, under a policy with no inline script; the API behind them still 401s.</summary>
public sealed partial class WebAppTests
{
    static IEnumerable<string> AppScripts() => typeof(WebApp).Assembly.GetManifestResourceNames()
        .Where(n => n.StartsWith("web/", StringComparison.Ordinal) && n.EndsWith(".js", StringComparison.Ordinal));

    static string Resource(string name)
    {
        using var stream = typeof(WebApp).Assembly.GetManifestResourceStream(name)!;
        return new StreamReader(stream).ReadToEnd();
    }

    [GeneratedRegex(@"<script\b(?![^>]*\bsrc=)[^>]*>|\son[a-z]+\s*=|\sstyle\s*=|javascript:", RegexOptions.IgnoreCase)]
    private static partial Regex InlineCode();

    [GeneratedRegex(@"\.(innerHTML|outerHTML|insertAdjacentHTML)\b|document\.write|\beval\(|new Function\(")]
    private static partial Regex HtmlSinks();

    [Fact]
    public async Task Root_WithoutKey_PageUnderPolicyWithoutInlineScript()
    {
        await using var server = await ApiServer.StartAsync();
        using var anonymous = server.Client(authorized: false);
        var response = await anonymous.GetAsync("/");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/html", response.Content.Headers.ContentType?.MediaType);
        var policy = response.Headers.GetValues("Content-Security-Policy").Single();
        Assert.Contains("script-src 'self';", policy);
        Assert.Contains("frame-ancestors 'none'", policy);
        Assert.DoesNotContain("unsafe", policy);
        Assert.Equal("nosniff", response.Headers.GetValues("X-Content-Type-Options").Single());
        var html = await response.Content.ReadAsStringAsync();
        Assert.Contains("<script type=\"module\" src=\"/app/main.js\"></script>", html);
        Assert.DoesNotMatch(InlineCode(), html);
    }

    [Fact]
    public async Task Assets_EveryModuleAndPdfJs_ServedAsJavaScript()
    {
        await using var server = await ApiServer.StartAsync();
        using var anonymous = server.Client(authorized: false);
        var paths = AppScripts().Select(n => "/app/" + n["web/".Length..]).ToList();
        Assert.Contains("/app/main.js", paths);
        foreach (var path in paths.Concat(["/app/vendor/pdfjs/pdf.min.mjs", "/app/vendor/pdfjs/pdf.worker.min.mjs"]))
        {
            var response = await anonymous.GetAsync(path);
            Assert.True(response.StatusCode == HttpStatusCode.OK, $"{path}: {response.StatusCode}");
            Assert.Equal("text/javascript", response.Content.Headers.ContentType?.MediaType);
        }
        var css = await anonymous.GetAsync("/app/app.css");
        Assert.Equal("text/css", css.Content.Headers.ContentType?.MediaType);
    }

    [Theory]
    [InlineData("/app/nothing.js")]
    [InlineData("/app/../index.html")]
    [InlineData("/app/vendor/pdfjs/LICENSE")]
    [InlineData("/app/%2e%2e/%2e%2e/appsettings.json")]
    [InlineData("/app/")]
    public async Task Assets_UnknownOrHostilePath_404WithoutKeyLikeAnyRoute(string path)
    {
        await using var server = await ApiServer.StartAsync();
        using var anonymous = server.Client(authorized: false);
        var response = await anonymous.GetAsync(path);
        // The key check answers first for anything that is not the app: 401, as for any API route.
        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        using var client = server.Client();
        var authorized = await client.GetAsync(path);
        Assert.Equal(HttpStatusCode.NotFound, authorized.StatusCode);
        Assert.Contains("\"type\":\"not_found\"", await authorized.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Api_WithoutKey_401WithChallengeAndThePolicy()
    {
        await using var server = await ApiServer.StartAsync();
        using var anonymous = server.Client(authorized: false);
        var response = await anonymous.GetAsync("/v1/documents");
        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal("Bearer", response.Headers.WwwAuthenticate.Single().Scheme);
        Assert.Contains("missing or unknown API key", await response.Content.ReadAsStringAsync());
        Assert.Equal(WebApp.Policy, response.Headers.GetValues("Content-Security-Policy").Single());
        var post = await anonymous.PostAsync("/", new StringContent(""));
        Assert.Equal(HttpStatusCode.Unauthorized, post.StatusCode);
    }

    [Fact]
    public void Scripts_App_NeverParseTextAsHtml()
    {
        var scripts = AppScripts().Where(n => !n.Contains("/vendor/", StringComparison.Ordinal)).ToList();
        Assert.Contains("web/dom.js", scripts);
        foreach (var name in scripts) Assert.True(!HtmlSinks().IsMatch(Resource(name)), $"{name} uses an HTML sink: {HtmlSinks().Match(Resource(name)).Value}");
    }
}
