namespace LongDoc.Documents.Readers.Eml;

/// <summary>
/// How much of its attachments one mail reads, attached mails' own attachments included (they share the outer
/// mail's budget through <see cref="ReadOptions"/>): at most <see cref="ReadOptions.MaxMailAttachments"/> attachments
/// and <see cref="ReadOptions.MaxMailAttachmentBytes"/> decoded bytes. An attached mail counts with its whole size,
/// and its attachments count again. What does not fit is skipped; the mail that held it says so in one warning.
/// </summary>
internal sealed class MailBudget(int maxAttachments, long maxBytes)
{
    int _attachments;
    long _bytes;

    /// <summary>Null when an attachment of <paramref name="bytes"/> fits (it is then counted); else the limit it would pass.</summary>
    public string? Take(long bytes)
    {
        if (_attachments >= maxAttachments) return $"over the limit of {maxAttachments:N0} attachments per mail, attached mails' included";
        if (_bytes + bytes > maxBytes) return $"over the limit of {maxBytes / (1 << 20):N0} MiB of attachments per mail, attached mails' included";
        _attachments++;
        _bytes += bytes;
        return null;
    }
}
