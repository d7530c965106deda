using System.Net;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.FileProviders;
using Microsoft.Extensions.Logging;
using Vireo.Web.Api;
using Vireo.Web.Hosts;
using Vireo.Web.Users;

namespace Vireo.Web;

/// <summary>The vireo-web application: Kestrel on --listen, the API, the console bridges and the page's files.</summary>
public sealed class WebServer : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly WebOptions _options;

    private WebServer(WebApplication app, WebOptions options, ConnectionManager connections)
    {
        _app = app;
        _options = options;
        Connections = connections;
    }

    public ConnectionManager Connections { get; }

    /// <summary>http://HOST:PORT actually bound (the port chosen by the system when --listen asked for 0).</summary>
    public string Url => _app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();

    public static WebServer Create(WebOptions options)
    {
        var (address, port) = WebOptions.ParseListen(options.Listen);
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { ContentRootPath = AppContext.BaseDirectory });
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        builder.WebHost.ConfigureKestrel(k => k.Listen(new IPEndPoint(address, port)));
        builder.Services.ConfigureHttpJsonOptions(o => o.SerializerOptions.TypeInfoResolverChain.Insert(0, WebJson.Default));
        builder.Services.AddAuthentication(CookieAuthenticationDefaults.AuthenticationScheme).AddCookie(o =>
        {
            o.Cookie.Name = "vireo-session";
            o.Cookie.HttpOnly = true;
            o.Cookie.SameSite = SameSiteMode.Strict;
            o.SlidingExpiration = true;
            o.ExpireTimeSpan = TimeSpan.FromHours(8);
            o.Events.OnRedirectToLogin = c => { c.Response.StatusCode = 401; return Task.CompletedTask; };
            o.Events.OnRedirectToAccessDenied = c => { c.Response.StatusCode = 403; return Task.CompletedTask; };
        });
        builder.Services.AddAuthorization();
        var feed = new ChangeFeed();
        var connections = new ConnectionManager(new WebSettings(options.SettingsFile), feed);
        builder.Services.AddSingleton(connections);
        builder.Services.AddSingleton(feed);
        builder.Services.AddSingleton(new UsersFile(options.UsersFile));
        builder.Services.AddSingleton<IPasswordCheck>(options.Auth == "pam" ? new PamAuthenticator(options.PamService) : new UsersFile(options.UsersFile));

        var app = builder.Build();
        app.UseMiddleware<ErrorMiddleware>();
        var web = new PhysicalFileProvider(Path.Combine(AppContext.BaseDirectory, "web"));
        app.UseDefaultFiles(new DefaultFilesOptions { FileProvider = web });
        app.UseStaticFiles(new StaticFileOptions { FileProvider = web, OnPrepareResponse = c => c.Context.Response.Headers.CacheControl = "no-cache" });
        app.UseAuthentication();
        app.UseAuthorization();
        app.UseMiddleware<CsrfMiddleware>();
        app.UseWebSockets(new WebSocketOptions { KeepAliveInterval = TimeSpan.FromSeconds(20) });
        AuthEndpoints.Map(app);
        var api = app.MapGroup("/api").RequireAuthorization();
        ConnectionEndpoints.Map(api);
        DomainEndpoints.Map(api);
        HardwareEndpoints.Map(api);
        HostEndpoints.Map(api);
        NewVmEndpoints.Map(api);
        CloneEndpoints.Map(api);
        MigrateEndpoints.Map(api);
        TagEndpoints.Map(api);
        Consoles.ConsoleEndpoints.Map(app.MapGroup("/ws").RequireAuthorization());
        return new WebServer(app, options, connections);
    }

    public async Task StartAsync()
    {
        Connections.Start(_options.Connect);
        await _app.StartAsync().ConfigureAwait(false);
    }

    public async ValueTask DisposeAsync()
    {
        await Connections.DisposeAsync().ConfigureAwait(false);
        await _app.StopAsync().ConfigureAwait(false);
        await _app.DisposeAsync().ConfigureAwait(false);
    }
}
