using System.Globalization;
using System.Net;
using System.Net.Sockets;

namespace CertKit.Building;

/// <summary>One validated entry of the subject alternative name extension: a DNS name or an IP address.</summary>
internal readonly record struct SubjectAlternativeName(string DnsName, IPAddress? IPAddress)
{
    private const int MaxDnsNameLength = 253;
    private const int MaxLabelLength = 63;

    public bool IsIPAddress => IPAddress is not null;

    public override string ToString() => IPAddress?.ToString() ?? DnsName;

    /// <summary>Parses one name as the user wrote it, or throws an <see cref="ArgumentException"/> that names it.</summary>
    public static SubjectAlternativeName Parse(string? name, string paramName)
    {
        if (string.IsNullOrWhiteSpace(name))
        {
            throw new ArgumentException($"Subject alternative name '{name}' is empty; give a DNS name or an IP address.", paramName);
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
        // A scope id (fe80::1%eth0) names an interface of this machine, not an address a certificate can carry.
        if (name.Contains('%', StringComparison.Ordinal)
            || !IPAddress.TryParse(name, out var address)
            || address.AddressFamily != AddressFamily.InterNetworkV6)
        {
            throw new ArgumentException($"Subject alternative name '{name}' is not a valid IPv6 address.", paramName);
        }

        return new(string.Empty, address);
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

        return new(string.Empty, IPAddress.Parse(name));
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

        return new(ascii, null);
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
