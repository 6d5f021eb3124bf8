//! This machine's network addresses and name, for `serve --host 0.0.0.0`
//! (or `::`): the addresses the start banner offers colleagues on the
//! local network, and the names the Host check lets through besides
//! loopback ones. Reads the system (interfaces, host name); serves nothing.

use std::net::IpAddr;

/// The addresses of this machine's interfaces a colleague can use: not
/// loopback, and no IPv6 link-local address (`fe80::/10`, which a browser
/// can only reach with the interface's zone). IPv4 first, sorted, once each.
/// Empty when the interfaces cannot be listed.
pub fn interface_addrs() -> Vec<IpAddr> {
    let Ok(interfaces) = if_addrs::get_if_addrs() else {
        return Vec::new();
    };
    let mut addrs: Vec<IpAddr> = interfaces
        .iter()
        .filter(|i| !i.is_loopback())
        .map(if_addrs::Interface::ip)
        .filter(|ip| !is_v6_link_local(ip))
        .collect();
    // IPv4 sorts before IPv6 (`IpAddr`'s order).
    addrs.sort();
    addrs.dedup();
    addrs
}

fn is_v6_link_local(ip: &IpAddr) -> bool {
    matches!(ip, IpAddr::V6(v6) if (v6.segments()[0] & 0xffc0) == 0xfe80)
}

/// The names colleagues may know this machine by: its host name, and with
/// no dot in it, the same under `.local` (multicast DNS). Lower-case; none
/// when the name is not a plain host name (letters, digits, `-` and `.`).
pub fn host_names() -> Vec<String> {
    let name = gethostname::gethostname().to_string_lossy().to_lowercase();
    names_for(&name)
}

fn names_for(name: &str) -> Vec<String> {
    let plain = !name.is_empty()
        && name != "localhost"
        && name
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'.');
    if !plain {
        return Vec::new();
    }
    let mut names = vec![name.to_string()];
    if !name.contains('.') {
        names.push(format!("{name}.local"));
    }
    names
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn no_loopback_and_no_link_local_v6() {
        for ip in interface_addrs() {
            assert!(!ip.is_loopback(), "{ip}");
            assert!(!is_v6_link_local(&ip), "{ip}");
        }
        assert!(is_v6_link_local(&"fe80::1".parse().unwrap()));
        assert!(!is_v6_link_local(&"fd00::1".parse().unwrap()));
    }

    #[test]
    fn host_names_are_plain_and_lower_case() {
        assert_eq!(names_for("laptop"), ["laptop", "laptop.local"]);
        assert_eq!(names_for("box.example.org"), ["box.example.org"]);
        assert!(names_for("").is_empty());
        assert!(names_for("localhost").is_empty());
        assert!(names_for("bad name\u{1b}").is_empty());
        for name in host_names() {
            assert_eq!(name, name.to_lowercase());
        }
    }
}
