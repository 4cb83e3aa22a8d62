//! The client's address behind trusted reverse proxies, and the key per-IP rate limits use.
//! Pure functions: `state::client_ip` feeds them the socket peer and the headers.
//!
//! Imports nothing of the crate.

use std::net::{IpAddr, Ipv6Addr, SocketAddr};

/// An address block: `10.0.0.0/8`, `2001:db8::/32`, or one address (`192.0.2.7`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct IpNet {
    addr: IpAddr,
    prefix: u8,
}

/// The address as 128 bits, IPv4 in the top 32, and its width.
fn bits(ip: IpAddr) -> (u128, u8) {
    match ip {
        IpAddr::V4(a) => ((u32::from(a) as u128) << 96, 32),
        IpAddr::V6(a) => (u128::from(a), 128),
    }
}

impl IpNet {
    pub fn parse(s: &str) -> Option<IpNet> {
        let (addr, prefix) = match s.trim().split_once('/') {
            Some((a, p)) => (a.parse::<IpAddr>().ok()?, Some(p.parse::<u8>().ok()?)),
            None => (s.trim().parse::<IpAddr>().ok()?, None),
        };
        let width = bits(addr).1;
        let prefix = prefix.unwrap_or(width);
        (prefix <= width).then_some(IpNet { addr, prefix })
    }

    pub fn contains(&self, ip: IpAddr) -> bool {
        let ((net, width), (ip, ip_width)) = (bits(self.addr), bits(ip.to_canonical()));
        let mask = if self.prefix == 0 { 0 } else { u128::MAX << (128 - u32::from(self.prefix)) };
        width == ip_width && net & mask == ip & mask
    }
}

/// `COIN_TRUSTED_PROXIES`: the reverse proxies whose `X-Forwarded-For` is believed.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct TrustedProxies(Vec<IpNet>);

impl TrustedProxies {
    /// A comma-separated list of addresses or CIDR blocks; the bad entry on error.
    pub fn parse(list: &str) -> Result<TrustedProxies, String> {
        list.split(',')
            .map(str::trim)
            .filter(|e| !e.is_empty())
            .map(|e| IpNet::parse(e).ok_or_else(|| e.to_string()))
            .collect::<Result<Vec<_>, _>>()
            .map(TrustedProxies)
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    pub fn contains(&self, ip: IpAddr) -> bool {
        self.0.iter().any(|n| n.contains(ip))
    }

    /// The client's address. The peer itself, unless it is a trusted proxy: then the
    /// rightmost `X-Forwarded-For` entry that is not a trusted proxy. Entries left of that
    /// one were written by the client and may be forged; each trusted proxy appends the
    /// address it saw. `forwarded_for` holds the header's values in order (a request may
    /// carry several header lines).
    pub fn client_addr<'a>(&self, peer: IpAddr, forwarded_for: impl IntoIterator<Item = &'a str>) -> IpAddr {
        let mut client = peer.to_canonical();
        if !self.contains(client) {
            return client;
        }
        let hops: Vec<&str> = forwarded_for.into_iter().flat_map(|v| v.split(',')).collect();
        for hop in hops.iter().rev() {
            // An unreadable entry ends the walk: nothing left of it can be trusted.
            let Some(ip) = parse_hop(hop) else { break };
            client = ip;
            if !self.contains(ip) {
                break;
            }
        }
        client
    }
}

/// One `X-Forwarded-For` entry: an address, possibly with a port (`[2001:db8::1]:443`).
fn parse_hop(hop: &str) -> Option<IpAddr> {
    let hop = hop.trim();
    let ip = hop
        .parse::<IpAddr>()
        .ok()
        .or_else(|| hop.parse::<SocketAddr>().ok().map(|s| s.ip()))
        .or_else(|| hop.strip_prefix('[')?.strip_suffix(']')?.parse().ok())?;
    Some(ip.to_canonical())
}

/// The key of per-IP rate limits: an IPv4 address as is; an IPv6 address by its /64,
/// since one subscriber usually holds a whole /64 and could otherwise rotate addresses.
pub fn throttle_key(ip: IpAddr) -> String {
    match ip.to_canonical() {
        IpAddr::V4(a) => a.to_string(),
        IpAddr::V6(a) => format!("{}/64", Ipv6Addr::from(u128::from(a) & (u128::MAX << 64))),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ip(s: &str) -> IpAddr {
        s.parse().unwrap()
    }

    fn proxies(s: &str) -> TrustedProxies {
        TrustedProxies::parse(s).unwrap()
    }

    #[test]
    fn blocks_parse_and_match() {
        let p = proxies(" 10.0.0.0/8, 192.0.2.7 ,2001:db8::/32");
        assert!(p.contains(ip("10.20.30.40")) && p.contains(ip("192.0.2.7")) && p.contains(ip("2001:db8:1::5")));
        assert!(!p.contains(ip("11.0.0.1")) && !p.contains(ip("192.0.2.8")) && !p.contains(ip("2001:db9::1")));
        // A v4 peer seen through a dual-stack socket is still the v4 address.
        assert!(p.contains(ip("::ffff:10.1.2.3")));
        assert!(proxies("0.0.0.0/0").contains(ip("203.0.113.9")));
        assert!(proxies("").is_empty());
        assert_eq!(TrustedProxies::parse("10.0.0.0/33").unwrap_err(), "10.0.0.0/33");
        assert_eq!(TrustedProxies::parse("10.0.0.1, proxy.local").unwrap_err(), "proxy.local");
    }

    #[test]
    fn the_header_of_an_untrusted_peer_is_ignored() {
        let p = proxies("10.0.0.1");
        assert_eq!(p.client_addr(ip("203.0.113.9"), ["198.51.100.1"]), ip("203.0.113.9"));
        assert_eq!(TrustedProxies::default().client_addr(ip("10.0.0.1"), ["198.51.100.1"]), ip("10.0.0.1"));
    }

    #[test]
    fn behind_a_trusted_proxy_the_rightmost_untrusted_entry_is_the_client() {
        let p = proxies("10.0.0.0/8");
        assert_eq!(p.client_addr(ip("10.0.0.1"), ["198.51.100.7"]), ip("198.51.100.7"));
        // Forged entries on the left are ignored, and so are our own proxies on the right.
        assert_eq!(p.client_addr(ip("10.0.0.1"), ["1.2.3.4, 5.6.7.8, 198.51.100.7, 10.0.0.2"]), ip("198.51.100.7"));
        // Several header lines read as one list, in order.
        assert_eq!(p.client_addr(ip("10.0.0.1"), ["1.2.3.4", "198.51.100.7"]), ip("198.51.100.7"));
        // Ports and brackets.
        assert_eq!(p.client_addr(ip("10.0.0.1"), ["[2001:db8::1]:443"]), ip("2001:db8::1"));
        assert_eq!(p.client_addr(ip("10.0.0.1"), ["198.51.100.7:5000"]), ip("198.51.100.7"));
        // No header: the proxy itself. Garbage: the last hop that could be read.
        assert_eq!(p.client_addr(ip("10.0.0.1"), []), ip("10.0.0.1"));
        assert_eq!(p.client_addr(ip("10.0.0.1"), ["unknown, 10.0.0.3"]), ip("10.0.0.3"));
        assert_eq!(p.client_addr(ip("10.0.0.1"), ["198.51.100.7, garbage"]), ip("10.0.0.1"));
    }

    #[test]
    fn ipv6_clients_are_limited_by_their_64() {
        assert_eq!(throttle_key(ip("2001:db8:1:2:aaaa::1")), "2001:db8:1:2::/64");
        assert_eq!(throttle_key(ip("2001:db8:1:2:ffff:ffff:ffff:ffff")), "2001:db8:1:2::/64");
        assert_ne!(throttle_key(ip("2001:db8:1:3::1")), "2001:db8:1:2::/64");
        assert_eq!(throttle_key(ip("192.0.2.7")), "192.0.2.7");
        assert_eq!(throttle_key(ip("::ffff:192.0.2.7")), "192.0.2.7");
    }
}
