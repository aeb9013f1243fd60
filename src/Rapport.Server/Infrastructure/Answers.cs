using Microsoft.AspNetCore.Http.HttpResults;

namespace Rapport.Server.Infrastructure;

/// <summary>What a thin endpoint answers once its service call is done: 204 after a delete (or an action that gives
/// nothing back), 201 at the new record's location, with its ETag, after a create.</summary>
internal static class Answers
{
    /// <summary>204 once <paramref name="done"/> has completed.</summary>
    public static async Task<NoContent> NoContentAfter(Task done)
    {
        await done;
        return TypedResults.NoContent();
    }

    /// <summary>201 with the record <paramref name="creating"/> makes, at the <paramref name="location"/> of it, through
    /// <see cref="ETags.VersionedCreated"/>.</summary>
    public static async Task<Created<T>> VersionedCreatedAsync<T>(this HttpResponse response, Task<T> creating, Func<T, string> location)
    {
        var dto = await creating;
        return response.VersionedCreated(location(dto), dto);
    }
}
