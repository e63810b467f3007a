//! The trade log CSV: the seed's columns plus fee and equity.

use super::{Liquidity, Side, Trade};

/// The header, exactly: the seed's seven columns, then `fee,equity`.
pub const TRADE_LOG_HEADER: &str =
    "timestamp,event_type,price,amount,base_inventory,quote_inventory,total_value,fee,equity";

/// Renders trades as CSV. `total_value` is valued at the order price, as the seed does.
pub fn trade_log_csv(trades: &[Trade]) -> String {
    let mut w = csv::WriterBuilder::new()
        .has_headers(false)
        .from_writer(Vec::with_capacity(64 + trades.len() * 120));
    let _ = w.write_record(TRADE_LOG_HEADER.split(','));
    for t in trades {
        let event = match (t.liquidity, t.side) {
            (Liquidity::Maker, Side::Buy) => "BUY",
            (Liquidity::Maker, Side::Sell) => "SELL",
            (Liquidity::Rebalance, Side::Buy) => "REBALANCE_BUY",
            (Liquidity::Rebalance, Side::Sell) => "REBALANCE_SELL",
        };
        let total_value = t.base_after * t.price + t.quote_after;
        let _ = w.write_record([
            iso8601(t.time),
            event.to_string(),
            t.price.to_string(),
            t.amount.to_string(),
            t.base_after.to_string(),
            t.quote_after.to_string(),
            total_value.to_string(),
            t.fee.to_string(),
            t.equity_after.to_string(),
        ]);
    }
    // Writing to a Vec cannot fail, and every field is ASCII.
    String::from_utf8(w.into_inner().unwrap_or_default()).unwrap_or_default()
}

/// Formats Unix seconds as ISO-8601 UTC with milliseconds, e.g. `2024-01-01T00:00:01.000Z`.
pub fn iso8601(unix_seconds: f64) -> String {
    if !unix_seconds.is_finite() {
        return String::new();
    }
    let ms_total = (unix_seconds * 1000.0).round() as i64;
    let days = ms_total.div_euclid(86_400_000);
    let ms_of_day = ms_total.rem_euclid(86_400_000);
    let (y, m, d) = civil_from_days(days);
    let (h, rest) = (ms_of_day / 3_600_000, ms_of_day % 3_600_000);
    let (mi, rest) = (rest / 60_000, rest % 60_000);
    let (s, ms) = (rest / 1000, rest % 1000);
    format!("{y:04}-{m:02}-{d:02}T{h:02}:{mi:02}:{s:02}.{ms:03}Z")
}

/// Howard Hinnant's days-to-civil conversion (proleptic Gregorian).
fn civil_from_days(z: i64) -> (i64, u32, u32) {
    let z = z + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let y = yoe + era * 400;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = (doy - (153 * mp + 2) / 5 + 1) as u32;
    let m = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
    (if m <= 2 { y + 1 } else { y }, m, d)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn iso_dates() {
        assert_eq!(iso8601(0.0), "1970-01-01T00:00:00.000Z");
        assert_eq!(iso8601(1_704_067_201.5), "2024-01-01T00:00:01.500Z");
        assert_eq!(iso8601(951_782_400.0), "2000-02-29T00:00:00.000Z");
        assert_eq!(iso8601(-86_400.0), "1969-12-31T00:00:00.000Z");
    }

    #[test]
    fn header_and_rows() {
        let t = Trade {
            step: 3,
            time: 1_704_067_200.0,
            side: Side::Sell,
            liquidity: Liquidity::Rebalance,
            price: 100.0,
            amount: 0.5,
            fee: 0.05,
            base_after: 1.0,
            quote_after: 900.0,
            equity_after: 999.0,
            print_id: 0,
        };
        let csv = trade_log_csv(&[t]);
        let mut lines = csv.lines();
        assert_eq!(lines.next(), Some(TRADE_LOG_HEADER));
        assert_eq!(
            lines.next(),
            Some("2024-01-01T00:00:00.000Z,REBALANCE_SELL,100,0.5,1,900,1000,0.05,999")
        );
        assert_eq!(lines.next(), None);
    }
}
