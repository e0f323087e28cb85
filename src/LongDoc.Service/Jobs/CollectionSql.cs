namespace LongDoc.Service.Jobs;

/// <summary>The statements of the collections (<see cref="ICollectionStore"/>); SQLite and PostgreSQL share them, as <see cref="JobSql"/>.</summary>
static class CollectionSql
{
    const string Columns = "id, tenant, name, created_at";

    public const string Insert = "INSERT INTO collections (tenant, name, created_at) VALUES (@tenant, @name, @now) RETURNING " + Columns;

    public const string ById = "SELECT " + Columns + " FROM collections WHERE id = @id";

    public const string List = "SELECT " + Columns + " FROM collections WHERE (@tenant IS NULL OR tenant = @tenant) ORDER BY id";

    public const string DeleteMembers = "DELETE FROM collection_documents WHERE collection_id = @id";

    public const string Delete = "DELETE FROM collections WHERE id = @id";

    public const string Add = "INSERT INTO collection_documents (collection_id, job_id, added_at) VALUES (@id, @job, @now) ON CONFLICT DO NOTHING";

    public const string Remove = "DELETE FROM collection_documents WHERE collection_id = @id AND job_id = @job";

    /// <summary>A deleted document leaves every collection.</summary>
    public const string RemoveEverywhere = "DELETE FROM collection_documents WHERE job_id = @job";

    public const string Members =
        "SELECT " + JobSql.Columns + " FROM jobs JOIN collection_documents ON job_id = id WHERE collection_id = @id ORDER BY added_at, id";
}
