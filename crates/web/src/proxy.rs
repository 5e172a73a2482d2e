//! The client's address behind reverse proxies. `X-Forwarded-For` is believed only
//! when the TCP peer is a trusted proxy (the `trusted_proxies` setting), and then
//! only up to the right-most entry that is not itself a trusted proxy: everything
//! left of that was written by the client and may be forged.

use std::net::IpAddr;

use axum::http::HeaderMap;

/// IP networks (`10.0.0.0/8`, `::1`, ...) whose `X-Forwarded-For` is believed.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct TrustedProxies(Vec<(IpAddr, u8)>);

impl TrustedProxies {
    /// Parses addresses and CIDR networks; an entry that is neither is an error naming it.
    pub fn parse<S: AsRef<str>>(entries: &[S]) -> Result<TrustedProxies, String> {
        let mut nets = Vec::with_capacity(entries.len());
        for entry in entries {
            let entry = entry.as_ref().trim();
            let bad = || format!("not an IP address or network: {entry:?}");
            let (ip, len) = match entry.split_once('/') {
                Some((ip, len)) => (ip, Some(len.parse::<u8>().map_err(|_| bad())?)),
                None => (entry, None),
            };
            let ip = canonical(ip.parse::<IpAddr>().map_err(|_| bad())?);
            let max = if ip.is_ipv4() { 32 } else { 128 };
            let len = len.unwrap_or(max);
            if len > max {
                return Err(bad());
            }
            nets.push((ip, len));
        }
        Ok(TrustedProxies(nets))
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    pub fn contains(&self, ip: IpAddr) -> bool {
        let ip = canonical(ip);
        self.0.iter().any(|(net, len)| in_network(ip, *net, *len))
    }

    /// The client's address: the peer's, unless the peer is trusted; then the right-most
    /// `X-Forwarded-For` entry that is not trusted (the left-most when all are, the
    /// last trusted hop when an entry does not parse).
    pub fn client_ip(&self, peer: IpAddr, headers: &HeaderMap) -> IpAddr {
        let mut client = canonical(peer);
        if !self.contains(client) {
            return client;
        }
        let hops: Vec<&str> = headers
            .get_all("x-forwarded-for")
            .iter()
            .filter_map(|v| v.to_str().ok())
            .flat_map(|v| v.split(','))
            .map(str::trim)
            .filter(|h| !h.is_empty())
            .collect();
        for hop in hops.iter().rev() {
            let Some(ip) = parse_hop(hop) else {
                return client;
            };
            client = ip;
            if !self.contains(ip) {
                return ip;
            }
        }
        client
    }
}

/// An entry as proxies write them: `1.2.3.4`, `1.2.3.4:5678`, `2001:db8::1`, `[2001:db8::1]:80`.
fn parse_hop(hop: &str) -> Option<IpAddr> {
    if let Ok(ip) = hop.parse::<IpAddr>() {
        return Some(canonical(ip));
    }
    if let Ok(sa) = hop.parse::<std::net::SocketAddr>() {
        return Some(canonical(sa.ip()));
    }
    None
}

/// IPv4-mapped IPv6 (`::ffff:1.2.3.4`, from dual-stack sockets) as IPv4.
fn canonical(ip: IpAddr) -> IpAddr {
    match ip {
        IpAddr::V6(v6) => v6.to_ipv4_mapped().map_or(ip, IpAddr::V4),
        v4 => v4,
    }
}

fn in_network(ip: IpAddr, net: IpAddr, len: u8) -> bool {
    match (ip, net) {
        (IpAddr::V4(a), IpAddr::V4(n)) => {
            let mask = u32::MAX.checked_shl(32 - u32::from(len)).unwrap_or(0);
            u32::from(a) & mask == u32::from(n) & mask
        }
        (IpAddr::V6(a), IpAddr::V6(n)) => {
            let mask = u128::MAX.checked_shl(128 - u32::from(len)).unwrap_or(0);
            u128::from(a) & mask == u128::from(n) & mask
        }
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn headers(xff: &[&str]) -> HeaderMap {
        let mut h = HeaderMap::new();
        for v in xff {
            h.append("x-forwarded-for", v.parse().unwrap());
        }
        h
    }

    fn ip(s: &str) -> IpAddr {
        s.parse().unwrap()
    }

    #[test]
    fn networks_parse_and_match() {
        let t = TrustedProxies::parse(&["10.0.0.0/8", "192.168.1.7", "fd00::/8"]).unwrap();
        assert!(t.contains(ip("10.200.3.4")));
        assert!(t.contains(ip("::ffff:10.1.1.1")));
        assert!(t.contains(ip("192.168.1.7")));
        assert!(!t.contains(ip("192.168.1.8")));
        assert!(t.contains(ip("fd12::1")));
        assert!(!t.contains(ip("fe80::1")));
        assert!(
            TrustedProxies::parse(&["0.0.0.0/0"])
                .unwrap()
                .contains(ip("8.8.8.8"))
        );
        for bad in ["10.0.0.0/33", "proxy.local", "10.0.0.0/x", "::/129"] {
            assert!(TrustedProxies::parse(&[bad]).is_err(), "{bad}");
        }
    }

    #[test]
    fn forwarded_for_is_believed_only_from_trusted_peers() {
        let none = TrustedProxies::default();
        let t = TrustedProxies::parse(&["10.0.0.0/8"]).unwrap();
        let h = headers(&["6.6.6.6, 203.0.113.9"]);
        // An untrusted peer's header is ignored.
        assert_eq!(none.client_ip(ip("198.51.100.1"), &h), ip("198.51.100.1"));
        assert_eq!(t.client_ip(ip("198.51.100.1"), &h), ip("198.51.100.1"));
        // A trusted peer: the right-most entry, not the forgeable left one.
        assert_eq!(t.client_ip(ip("10.0.0.2"), &h), ip("203.0.113.9"));
        // Trusted hops on the right are skipped; several headers are one list.
        let h = headers(&["6.6.6.6, 203.0.113.9", "10.1.1.1:4433"]);
        assert_eq!(t.client_ip(ip("10.0.0.2"), &h), ip("203.0.113.9"));
        // No header, or all trusted: the peer / the left-most trusted hop.
        assert_eq!(
            t.client_ip(ip("10.0.0.2"), &HeaderMap::new()),
            ip("10.0.0.2")
        );
        assert_eq!(
            t.client_ip(ip("10.0.0.2"), &headers(&["10.9.9.9"])),
            ip("10.9.9.9")
        );
        // Garbage stops the walk at the last trusted hop.
        assert_eq!(
            t.client_ip(ip("10.0.0.2"), &headers(&["1.1.1.1, unknown"])),
            ip("10.0.0.2")
        );
        assert_eq!(
            t.client_ip(ip("10.0.0.2"), &headers(&["[2001:db8::5]:443"])),
            ip("2001:db8::5")
        );
    }
}
