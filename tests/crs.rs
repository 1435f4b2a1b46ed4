//! Projected coordinate systems against PROJ: every EPSG code Lifecircle knows converts the
//! reference points of `tests/data/crs_points.csv` (computed by PROJ 9 through pyproj, an
//! independent implementation; `scripts/fixtures/crs_points.py`) to within a millimetre, both ways.

use lifecircle::Crs;

fn points() -> Vec<(u16, f64, f64, f64, f64)> {
    let text = include_str!("data/crs_points.csv");
    text.lines()
        .filter(|l| !l.starts_with('#') && !l.starts_with("epsg"))
        .map(|l| {
            let v: Vec<f64> = l.split(',').map(|x| x.parse().unwrap()).collect();
            (v[0] as u16, v[1], v[2], v[3], v[4])
        })
        .collect()
}

#[test]
fn every_code_matches_proj_to_a_millimetre() {
    let pts = points();
    let codes: std::collections::BTreeSet<u16> = pts.iter().map(|p| p.0).collect();
    // All 64 CGCS2000 Gauss-Krüger codes, UTM north and south, Web Mercator.
    assert_eq!(codes.len(), 64 + 4 + 1);
    let mut worst = 0.0f64;
    for (code, lon, lat, e, n) in pts {
        let crs: Crs = format!("EPSG:{code}").parse().unwrap();
        let (x, y) = crs.from_wgs84(lon, lat);
        let d = (x - e).hypot(y - n);
        worst = worst.max(d);
        assert!(
            d < 1e-3,
            "EPSG:{code} ({lon}, {lat}): {x}, {y} against PROJ {e}, {n} ({d} m)"
        );
        // Back: within a millimetre on the ground (1e-8° is about a millimetre).
        let (lo, la) = crs.to_wgs84(e, n);
        assert!(
            (lo - lon).abs() < 1e-8 && (la - lat).abs() < 1e-8,
            "EPSG:{code} back: {lo}, {la}"
        );
    }
    println!("worst difference from PROJ: {:.3} mm", worst * 1000.0);
}

#[test]
fn chinese_survey_order_northing_first_reads_the_same() {
    // Gauss-Krüger tables in China call the northing X: either order gives the same place.
    for (code, lon, lat, e, n) in points()
        .into_iter()
        .filter(|p| (4491..=4554).contains(&p.0))
    {
        let crs = Crs::Epsg(code);
        let (lo, la) = crs.to_wgs84(n, e);
        assert!(
            (lo - lon).abs() < 1e-8 && (la - lat).abs() < 1e-8,
            "EPSG:{code}"
        );
    }
}

/// The demo's residents CSV with its coordinates in `crs`, the northing first as Chinese survey
/// tables write it (header X = northing, Y = easting).
fn demo_in(crs: Crs) -> (String, String) {
    let d = lifecircle::demo::generate(&lifecircle::demo::DemoConfig {
        seed: 5,
        residents: 1_500,
        stations: None,
    });
    let wgs = d.residents_csv();
    let mut out = String::new();
    for (i, line) in wgs.lines().enumerate() {
        let mut cells: Vec<String> = line.split(',').map(str::to_string).collect();
        if i == 0 {
            cells[0] = "X".into();
            cells[1] = "Y".into();
        } else {
            let (e, n) = crs.from_wgs84(cells[0].parse().unwrap(), cells[1].parse().unwrap());
            cells[0] = format!("{n:.3}");
            cells[1] = format!("{e:.3}");
        }
        out.push_str(&cells.join(","));
        out.push('\n');
    }
    (wgs, out)
}

#[test]
fn a_gauss_kruger_table_gives_the_figures_of_the_same_data_in_wgs84() {
    use lifecircle::session::FileData;
    use lifecircle::{ImportOptions, Session};
    let d = lifecircle::demo::generate(&lifecircle::demo::DemoConfig {
        seed: 5,
        residents: 1_500,
        stations: None,
    });
    let stations = d.stations_csv(&lifecircle::KindTable::default());
    // Nanjing is in 3° zone 40 (central meridian 120°E): EPSG:4528 with the zone number.
    let (wgs, gk) = demo_in(Crs::Epsg(4528));
    let run = |csv: &str, crs: Crs| {
        let mut s = Session::new();
        let o = ImportOptions {
            crs,
            ..Default::default()
        };
        s.read_residents(csv.as_bytes().to_vec(), &o)?;
        s.read_stations(&FileData::Text(stations.clone()), &Default::default())?;
        Ok::<_, lifecircle::session::SessionError>(s.summary()?.0)
    };
    let mut a = run(&wgs, Crs::Wgs84).unwrap();
    let mut b = run(&gk, Crs::Epsg(4528)).unwrap();
    // Distances through a projection round trip agree to micrometres: their percentiles (to a
    // decimetre) may round apart by one step; every other figure is equal.
    let strip = |x: &mut lifecircle::Summary, y: &mut lifecircle::Summary| {
        let pairs = x
            .kinds
            .iter_mut()
            .map(|k| &mut k.distance)
            .zip(y.kinds.iter_mut().map(|k| &mut k.distance));
        let units = x
            .units
            .iter_mut()
            .flat_map(|u| u.kinds.iter_mut().map(|k| &mut k.distance))
            .zip(
                y.units
                    .iter_mut()
                    .flat_map(|u| u.kinds.iter_mut().map(|k| &mut k.distance)),
            );
        for (p, q) in pairs.chain(units) {
            let (p, q) = (p.take().unwrap(), q.take().unwrap());
            for (m, n) in [(p.p50_m, q.p50_m), (p.p85_m, q.p85_m)] {
                assert_eq!(m.is_some(), n.is_some());
                assert!(
                    (m.unwrap_or(0.0) - n.unwrap_or(0.0)).abs() <= 0.1 + 1e-9,
                    "{m:?} {n:?}"
                );
            }
            assert_eq!(p.beyond_horizon_population, q.beyond_horizon_population);
        }
    };
    strip(&mut a, &mut b);
    // So may the 2SFCA supply in its last places: a station whose only demand lies near the edge of
    // its catchment divides by a weight that is itself near zero there, so micrometres move it by
    // a few millionths.
    let access = |x: &mut lifecircle::Summary| -> Vec<f64> {
        let kinds = x.kinds.iter_mut().map(|k| &mut k.access_per_1000);
        let units = x
            .units
            .iter_mut()
            .flat_map(|u| u.kinds.iter_mut().map(|k| &mut k.access_per_1000));
        kinds.chain(units).map(|a| a.take().unwrap()).collect()
    };
    for (p, q) in access(&mut a).into_iter().zip(access(&mut b)) {
        assert!((p - q).abs() <= 2e-6 + 1e-5 * p.abs(), "{p} {q}");
    }
    assert_eq!(a.kinds, b.kinds);
    assert_eq!(a.units, b.units);
    // Without the coordinate system, the error names it.
    let e = run(&gk, Crs::Wgs84).unwrap_err();
    use lifecircle::error::Localized;
    let en = e.localized(lifecircle::lang::Lang::En);
    let zh = e.localized(lifecircle::lang::Lang::Zh);
    assert!(
        en.contains("line 2") && en.contains("EPSG:4528") && en.contains("zone 40"),
        "{en}"
    );
    assert!(
        zh.contains("第 2 行") && zh.contains("EPSG:4528") && zh.contains("第40带"),
        "{zh}"
    );
    // Without the zone number: the planner is told to pick the central meridian.
    let no_zone = gk.replace(",40", ",");
    let e = run(&no_zone, Crs::Wgs84).unwrap_err().to_string();
    assert!(e.contains("EPSG:4534–4554"), "{e}");
}
