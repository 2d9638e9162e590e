using System.Globalization;
using System.Net;
using System.Net.Sockets;

namespace CertKit.Building;

internal enum SubjectAlternativeNameKind
{
    Dns,
    IPAddress,
    Email,
    Uri,
    UserPrincipalName,
}

/// <summary>One validated entry of the subject alternative name extension.</summary>
/// <remarks>A class, not a struct: lists and sets of a reference type share the runtime's precompiled generic code, so the
/// first certificate of a process does not wait for the JIT to compile them.</remarks>
internal sealed record SubjectAlternativeName(SubjectAlternativeNameKind Kind, string Value, IPAddress? IPAddress = null)
{
    public const string UserPrincipalNamePrefix = "upn:";

    /// <summary>
    /// <c>localhost</c>, <c>127.0.0.1</c> and <c>::1</c> (<see cref="CertKit.Defaults.SubjectAlternativeNames"/>), as
    /// <see cref="Parse"/> makes them, without parsing: most certificates take the defaults.
    /// </summary>
    public static IReadOnlyList<SubjectAlternativeName> Defaults { get; } =
    [
        new(SubjectAlternativeNameKind.Dns, "localhost"),
        new(SubjectAlternativeNameKind.IPAddress, "127.0.0.1", IPAddress.Loopback),
        new(SubjectAlternativeNameKind.IPAddress, "::1", IPAddress.IPv6Loopback),
    ];

    private const int MaxDnsNameLength = 253;
    private const int MaxLabelLength = 63;

    public override string ToString() => Kind == SubjectAlternativeNameKind.UserPrincipalName ? UserPrincipalNamePrefix + Value : Value;

    /// <summary>Parses one name as the user wrote it, or throws an <see cref="ArgumentException"/> that names it.</summary>
    public static SubjectAlternativeName Parse(string? name, string paramName)
    {
        if (string.IsNullOrWhiteSpace(name))
        {
            throw new ArgumentException($"Subject alternative name '{name}' is empty; give a DNS name or an IP address.", paramName);
        }

        if (name.StartsWith(UserPrincipalNamePrefix, StringComparison.OrdinalIgnoreCase))
        {
            return ParseUserPrincipalName(name, paramName);
        }

        if (name.Contains("://", StringComparison.Ordinal))
        {
            return ParseUri(name, paramName);
        }

        if (name.Contains('@', StringComparison.Ordinal))
        {
            return ParseEmail(name, paramName);
        }

        if (name.Contains(':', StringComparison.Ordinal))
        {
            return ParseIPv6(name, paramName);
        }

        if (name.All(c => char.IsAsciiDigit(c) || c == '.'))
        {
            return ParseIPv4(name, paramName);
        }

        return ParseDnsName(name, paramName);
    }

    private static SubjectAlternativeName ParseIPv6(string name, string paramName)
    {
        // A scope id (fe80::1%eth0) names an interface of this machine, and brackets or a port ([::1]:443)
        // belong to a URL: neither is an address a certificate can carry.
        if (name.IndexOfAny(['%', '[', ']']) >= 0
            || !IPAddress.TryParse(name, out var address)
            || address.AddressFamily != AddressFamily.InterNetworkV6)
        {
            throw new ArgumentException($"Subject alternative name '{name}' is not a valid IPv6 address (no brackets, port or scope id).", paramName);
        }

        if (address.IsIPv4MappedToIPv6)
        {
            throw new ArgumentException(
                $"Subject alternative name '{name}' is an IPv4-mapped IPv6 address; clients match {address.MapToIPv4()} as IPv4, so write that.",
                paramName);
        }

        return Address(name, address, paramName);
    }

    private static SubjectAlternativeName ParseIPv4(string name, string paramName)
    {
        // IPAddress.TryParse accepts "10.1.2" and "1" as IPv4; a certificate name must be a full dotted quad.
        var parts = name.Split('.');
        var isDottedQuad = parts.Length == 4 && parts.All(p =>
            p.Length is >= 1 and <= 3
            && (p.Length == 1 || p[0] != '0')
            && int.Parse(p, CultureInfo.InvariantCulture) <= 255);
        if (!isDottedQuad)
        {
            throw new ArgumentException(
                $"Subject alternative name '{name}' is not a valid IPv4 address; write four decimal numbers 0-255 separated by dots.",
                paramName);
        }

        return Address(name, IPAddress.Parse(name), paramName);
    }

    private static SubjectAlternativeName Address(string name, IPAddress address, string paramName)
    {
        if (address.Equals(IPAddress.Any) || address.Equals(IPAddress.IPv6Any))
        {
            throw new ArgumentException(
                $"Subject alternative name '{name}' is the unspecified address, which no client connects to; use 127.0.0.1 or ::1.",
                paramName);
        }

        return new(SubjectAlternativeNameKind.IPAddress, address.ToString(), address);
    }

    private static SubjectAlternativeName ParseUserPrincipalName(string name, string paramName)
    {
        var upn = name[UserPrincipalNamePrefix.Length..];
        var at = upn.IndexOf('@', StringComparison.Ordinal);
        if (at <= 0 || at == upn.Length - 1 || upn.Any(char.IsWhiteSpace))
        {
            throw new ArgumentException($"Subject alternative name '{name}' is not a valid user principal name; write upn:user@domain.", paramName);
        }

        return new(SubjectAlternativeNameKind.UserPrincipalName, upn);
    }

    private static SubjectAlternativeName ParseUri(string name, string paramName)
    {
        if (!System.Uri.TryCreate(name, UriKind.Absolute, out var uri) || name.Any(char.IsWhiteSpace))
        {
            throw new ArgumentException($"Subject alternative name '{name}' is not a valid absolute URI.", paramName);
        }

        return new(SubjectAlternativeNameKind.Uri, uri.OriginalString);
    }

    private static SubjectAlternativeName ParseEmail(string name, string paramName)
    {
        var at = name.LastIndexOf('@');
        var domain = name[(at + 1)..];
        if (at <= 0 || name.Any(c => char.IsWhiteSpace(c) || c > 127) || name.IndexOf('@', StringComparison.Ordinal) != at
            || FindDnsNameProblem(domain) is not null || domain.Contains('*', StringComparison.Ordinal))
        {
            throw new ArgumentException($"Subject alternative name '{name}' is not a valid email address; write local-part@domain in ASCII.", paramName);
        }

        return new(SubjectAlternativeNameKind.Email, name);
    }

    private static SubjectAlternativeName ParseDnsName(string name, string paramName)
    {
        string ascii;
        try
        {
            ascii = new IdnMapping().GetAscii(name).ToLowerInvariant();
        }
        catch (ArgumentException e)
        {
            throw new ArgumentException($"Subject alternative name '{name}' is not a valid DNS name: {e.Message}", paramName, e);
        }

        var problem = FindDnsNameProblem(ascii);
        if (problem is not null)
        {
            throw new ArgumentException($"Subject alternative name '{name}' is not a valid DNS name: {problem}", paramName);
        }

        return new(SubjectAlternativeNameKind.Dns, ascii);
    }

    private static string? FindDnsNameProblem(string name)
    {
        if (name.Length > MaxDnsNameLength)
        {
            return $"it is longer than {MaxDnsNameLength} characters.";
        }

        if (name.EndsWith('.'))
        {
            return "it must not end with a dot.";
        }

        var labels = name.Split('.');
        for (var i = 0; i < labels.Length; i++)
        {
            var label = labels[i];
            if (label == "*")
            {
                if (i != 0)
                {
                    return "a wildcard may only be the leftmost label.";
                }

                if (labels.Length < 3)
                {
                    return "a wildcard needs at least two labels after it (like *.example.test).";
                }

                continue;
            }

            if (label.Length == 0)
            {
                return "it has an empty label.";
            }

            if (label.Length > MaxLabelLength)
            {
                return $"the label '{label}' is longer than {MaxLabelLength} characters.";
            }

            if (!label.All(c => char.IsAsciiLetterOrDigit(c) || c == '-'))
            {
                return $"the label '{label}' may contain only letters, digits and hyphens.";
            }

            if (label[0] == '-' || label[^1] == '-')
            {
                return $"the label '{label}' must not start or end with a hyphen.";
            }
        }

        return null;
    }
}
