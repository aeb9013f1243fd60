using Rapport.Core.Knowledge;

namespace Rapport.Server.Knowledge;

/// <summary>What the knowledge base needs from the host: its services and the help centre's settings (checked at start).</summary>
internal static class KnowledgeModule
{
    public static IServiceCollection AddKnowledge(this IServiceCollection services, IConfiguration config)
    {
        services.AddScoped<ArticleService>();
        services.AddScoped<ArticleCategoryService>();
        services.AddOptions<KnowledgeOptions>().Bind(config.GetSection("Knowledge"))
            .Validate(o => KnowledgeOptions.IsValidContactUrl(o.ContactUrl), "Knowledge:ContactUrl must be empty, a path on this site (/…) or an http(s) or mailto address.")
            .ValidateOnStart();
        return services;
    }
}
