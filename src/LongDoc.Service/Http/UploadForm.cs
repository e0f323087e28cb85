using Microsoft.AspNetCore.Http;

namespace LongDoc.Service.Http;

/// <summary>
/// The form of POST /v1/documents: multipart/form-data with exactly one file, in the field "file". Anything else is
/// a 400 that says what was wrong; a body over Http:MaxUploadMb is a 413.
/// </summary>
public static class UploadForm
{
    public const string Field = "file";

    /// <summary>The uploaded file, or the error response (in the <see cref="ApiError"/> shape) when there is none to take.</summary>
    public static async Task<(IFormFile? File, IResult? Error)> ReadAsync(HttpRequest request, HttpOptions o, CancellationToken ct)
    {
        long limit = (long)o.MaxUploadMb << 20;
        if (!request.HasFormContentType) return Invalid($"send multipart/form-data with the document in a field named '{Field}'");
        if (request.ContentLength > limit + (1 << 20)) return (null, TooLarge(o));
        IFormCollection form;
        try { form = await request.ReadFormAsync(ct); }
        catch (BadHttpRequestException e) when (e.StatusCode == StatusCodes.Status413PayloadTooLarge) { return (null, TooLarge(o)); }
        catch (BadHttpRequestException e) { return (null, ApiError.Result(e.StatusCode, $"the request body could not be read: {e.Message}", "invalid_request")); }
        // The form reader's own limit is above Kestrel's (ApiRegistration), so what it reports is a malformed body.
        catch (Exception e) when (e is InvalidDataException or IOException) { return Invalid($"malformed multipart/form-data body: {e.Message}"); }
        if (form.Files.Count == 0) return Invalid($"no file in the form (field '{Field}')");
        if (form.Files.Count > 1) return Invalid($"one file per upload; the form holds {form.Files.Count} files");
        var file = form.Files[0];
        if (file.Name != Field) return Invalid($"the file is in the field '{UploadName.Display(file.Name)}'; send it in the field '{Field}'");
        if (file.Length > limit) return (null, TooLarge(o));
        return (file, null);
    }

    public static IResult TooLarge(HttpOptions o) =>
        ApiError.Result(StatusCodes.Status413PayloadTooLarge, $"the document is larger than Http:MaxUploadMb ({o.MaxUploadMb} MB)", "too_large");

    static (IFormFile?, IResult?) Invalid(string message) => (null, ApiError.Result(StatusCodes.Status400BadRequest, message, "invalid_request"));
}
