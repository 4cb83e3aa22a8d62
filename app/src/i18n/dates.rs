//! Dates written the French way. Which calendar day an instant falls on in Paris is
//! `model::time`'s.

const MONTHS: [&str; 12] = [
    "janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août", "septembre", "octobre", "novembre", "décembre",
];

/// « 23 novembre 2026 »
pub fn date_fr(date: chrono::NaiveDate) -> String {
    use chrono::Datelike;
    let day = if date.day() == 1 { "1er".to_string() } else { date.day().to_string() };
    format!("{day} {} {}", MONTHS[date.month0() as usize], date.year())
}

/// « mars 2026 » from `2026-03`.
pub fn month_label(month: &str) -> String {
    let m: usize = month.get(5..7).and_then(|m| m.parse().ok()).unwrap_or(1);
    format!("{} {}", MONTHS[m.clamp(1, 12) - 1], month.get(..4).unwrap_or(""))
}

/// « mars », « sept. » (the usual French abbreviations, for chart axes).
pub fn month_short(month: &str) -> String {
    const SHORT: [&str; 12] = ["janv.", "févr.", "mars", "avr.", "mai", "juin", "juil.", "août", "sept.", "oct.", "nov.", "déc."];
    let m: usize = month.get(5..7).and_then(|m| m.parse().ok()).unwrap_or(1);
    SHORT[m.clamp(1, 12) - 1].to_string()
}

#[cfg(test)]
mod tests {
    use chrono::NaiveDate;

    #[test]
    fn french_dates() {
        assert_eq!(super::date_fr(NaiveDate::from_ymd_opt(2026, 11, 23).unwrap()), "23 novembre 2026");
        assert_eq!(super::date_fr(NaiveDate::from_ymd_opt(2026, 8, 1).unwrap()), "1er août 2026");
    }
}
