using Rapport.Core.Sales;

namespace Rapport.Server.Sales;

/// <summary>REST endpoints for the product catalogue and its price lists.</summary>
internal static class ProductsEndpoints
{
    public static RouteGroupBuilder MapProductsApi(this RouteGroupBuilder api)
    {
        var sales = api.MapGroup("").WithTags("Sales");

        sales.MapGet("/products", (ProductService s, CancellationToken ct, string? q, bool includeInactive = false) => s.ListAsync(q, includeInactive, ct))
            .WithName("ListProducts").WithSummary("The catalogue by name (active products unless includeInactive).");
        sales.MapPost("/products", (ProductInput input, ProductService s, HttpResponse response, CancellationToken ct) =>
            response.VersionedCreatedAsync(s.CreateAsync(input, ct), dto => $"/api/v1/products/{dto.Id}"))
            .WithName("CreateProduct").WithSummary("Add a product (SKU unique).");
        var product = new VersionedRoutes<ProductService, ProductDto>(sales.MapGroup("/products"));
        product.MapGet((s, id, ct) => s.GetAsync(id, ct)).WithName("GetProduct").WithSummary("One product.");
        product.MapPut<ProductInput>((s, id, input, v, ct) => s.UpdateAsync(id, input, v, ct))
            .WithName("UpdateProduct").WithSummary("Change a product, or retire it (active=false).");
        sales.MapGet("/products/prices", (ProductService s, CancellationToken ct, string currency, Guid[] productId) =>
                s.PricesAsync(productId.Take(500).ToList(), currency, ct))
            .WithName("ProductPrices").WithSummary("Today's price-list price in a currency for each productId given: what a quote line without its own price gets.");
        sales.MapGet("/price-lists", (ProductService s, CancellationToken ct) => s.PriceListsAsync(ct)).WithName("ListPriceLists").WithSummary("Price lists by currency.");
        sales.MapPost("/price-lists", (PriceListInput input, ProductService s, HttpResponse response, CancellationToken ct) =>
            response.VersionedCreatedAsync(s.CreatePriceListAsync(input, ct), dto => $"/api/v1/price-lists/{dto.Id}"))
            .WithName("CreatePriceList").WithSummary("Prices in one currency from a date (to a date).");
        var priceList = new VersionedRoutes<ProductService, PriceListDto>(sales.MapGroup("/price-lists"));
        priceList.MapGet((s, id, ct) => s.GetPriceListAsync(id, ct)).WithName("GetPriceList").WithSummary("One price list with its prices.");
        priceList.MapPut<PriceListInput>((s, id, input, v, ct) => s.UpdatePriceListAsync(id, input, v, ct))
            .WithName("UpdatePriceList").WithSummary("Replace a price list.");
        return api;
    }
}
