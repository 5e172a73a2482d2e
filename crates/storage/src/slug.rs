//! Slugs for organisations and regions created by name.

/// Lower-case ASCII words joined by `-`, common Latin accents folded. Names with
/// nothing left (another script) get a short stable hash so they still get a row.
pub fn slugify(name: &str) -> String {
    const MAX: usize = 80;
    let mut out = String::new();
    let mut dash = false;
    for ch in name.chars() {
        for c in fold(ch).chars() {
            if c.is_ascii_alphanumeric() {
                if dash && !out.is_empty() {
                    out.push('-');
                }
                dash = false;
                out.push(c.to_ascii_lowercase());
            } else {
                dash = true;
            }
        }
        if out.len() >= MAX {
            break;
        }
    }
    out.truncate(MAX);
    let out = out.trim_end_matches('-').to_string();
    if out.is_empty() {
        format!("x-{:08x}", fnv1a(name.trim()))
    } else {
        out
    }
}

/// FNV-1a, truncated to 32 bits: stable across builds and platforms, unlike std's hasher.
fn fnv1a(s: &str) -> u32 {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for b in s.bytes() {
        h ^= u64::from(b);
        h = h.wrapping_mul(0x0100_0000_01b3);
    }
    (h ^ (h >> 32)) as u32
}

fn fold(c: char) -> &'static str {
    match c {
        'à' | 'á' | 'â' | 'ã' | 'ä' | 'å' | 'ą' | 'ă' | 'ā' | 'À' | 'Á' | 'Â' | 'Ã' | 'Ä' | 'Å'
        | 'Ą' | 'Ă' | 'Ā' => "a",
        'æ' | 'Æ' => "ae",
        'ç' | 'ć' | 'č' | 'Ç' | 'Ć' | 'Č' => "c",
        'ď' | 'đ' | 'Ď' | 'Đ' => "d",
        'è' | 'é' | 'ê' | 'ë' | 'ę' | 'ě' | 'ē' | 'È' | 'É' | 'Ê' | 'Ë' | 'Ę' | 'Ě' | 'Ē' => {
            "e"
        }
        'ğ' | 'Ğ' | 'ģ' | 'Ģ' => "g",
        'ì' | 'í' | 'î' | 'ï' | 'ı' | 'ī' | 'Ì' | 'Í' | 'Î' | 'Ï' | 'İ' | 'Ī' => "i",
        'ķ' | 'Ķ' => "k",
        'ł' | 'ľ' | 'ĺ' | 'ļ' | 'Ł' | 'Ľ' | 'Ĺ' | 'Ļ' => "l",
        'ñ' | 'ń' | 'ň' | 'ņ' | 'Ñ' | 'Ń' | 'Ň' | 'Ņ' => "n",
        'ò' | 'ó' | 'ô' | 'õ' | 'ö' | 'ø' | 'ő' | 'ō' | 'Ò' | 'Ó' | 'Ô' | 'Õ' | 'Ö' | 'Ø' | 'Ő'
        | 'Ō' => "o",
        'œ' | 'Œ' => "oe",
        'ř' | 'ŕ' | 'Ř' | 'Ŕ' => "r",
        'ś' | 'š' | 'ş' | 'ș' | 'Ś' | 'Š' | 'Ş' | 'Ș' => "s",
        'ß' => "ss",
        'ť' | 'ţ' | 'ț' | 'Ť' | 'Ţ' | 'Ț' => "t",
        'ù' | 'ú' | 'û' | 'ü' | 'ů' | 'ű' | 'ū' | 'ų' | 'Ù' | 'Ú' | 'Û' | 'Ü' | 'Ů' | 'Ű' | 'Ū'
        | 'Ų' => "u",
        'ý' | 'ÿ' | 'Ý' | 'Ÿ' => "y",
        'ź' | 'ż' | 'ž' | 'Ź' | 'Ż' | 'Ž' => "z",
        'þ' | 'Þ' => "th",
        'ð' | 'Ð' => "d",
        _ if c.is_ascii() => ascii(c),
        _ => " ",
    }
}

/// Single ASCII characters as `&'static str` without allocating.
fn ascii(c: char) -> &'static str {
    const ALNUM: &str = "0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ";
    match ALNUM.find(c) {
        Some(i) => &ALNUM[i..i + 1],
        None => " ",
    }
}

#[cfg(test)]
mod tests {
    use super::slugify;

    #[test]
    fn folds_accents_and_collapses_separators() {
        assert_eq!(
            slugify("Servicio Andaluz de Salud (SAS), Junta de Andalucía"),
            "servicio-andaluz-de-salud-sas-junta-de-andalucia"
        );
        assert_eq!(slugify("  Größe -- Ärzte "), "grosse-arzte");
        assert_eq!(slugify("Île-de-France"), "ile-de-france");
        assert_eq!(slugify("España"), "espana");
    }

    #[test]
    fn other_scripts_get_a_stable_hash() {
        let a = slugify("Минздрав");
        assert!(a.starts_with("x-") && a.len() == 10, "{a}");
        assert_eq!(a, slugify("Минздрав"));
        assert_ne!(a, slugify("Минздрав России"));
    }
}
