//! The seed document's time-of-day profile: spread and order size change through the
//! (UTC) session — open 00:00-08:00 (spread 0.05 %, size 2 %), midday 08:00-16:00
//! (0.1 %, 1 %), close 16:00-24:00 (0.15 %, 0.5 %).

/// Part of the session.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SessionPart {
    /// High liquidity.
    Open,
    /// Medium liquidity.
    Midday,
    /// Low liquidity.
    Close,
}

/// The part of the session at Unix time `t`.
pub fn part_at(t: f64) -> SessionPart {
    let hour = (t.rem_euclid(86_400.0) / 3600.0) as u32;
    match hour {
        0..=7 => SessionPart::Open,
        8..=15 => SessionPart::Midday,
        _ => SessionPart::Close,
    }
}

/// (spread_percentage, order_size_percentage) for a part of the session.
pub fn profile(part: SessionPart) -> (f64, f64) {
    match part {
        SessionPart::Open => (0.0005, 0.02),
        SessionPart::Midday => (0.001, 0.01),
        SessionPart::Close => (0.0015, 0.005),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn profile_by_hour() {
        let day = 1_704_067_200.0;
        assert_eq!(part_at(day), SessionPart::Open);
        assert_eq!(part_at(day + 8.0 * 3600.0), SessionPart::Midday);
        assert_eq!(part_at(day + 23.9 * 3600.0), SessionPart::Close);
        assert_eq!(profile(SessionPart::Close), (0.0015, 0.005));
    }
}
