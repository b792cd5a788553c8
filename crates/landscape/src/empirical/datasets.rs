//! Real data sets shipped with the crate (provenance and licences in
//! `proofs-notes/datasets.md`).
//!
//! * **diabetes** — 442 patients, 10 baseline variables (age, sex, BMI, blood
//!   pressure, six serum measurements), target: disease progression after one
//!   year. Efron, Hastie, Johnstone & Tibshirani, *Least Angle Regression*,
//!   Ann. Statist. 32 (2004). Raw (unscaled) values.
//! * **iris** — 150 flowers, 4 measurements (cm), species 0 = setosa,
//!   1 = versicolor, 2 = virginica. Fisher, *The use of multiple measurements
//!   in taxonomic problems*, Ann. Eugenics 7 (1936).
//!
//! Both files were taken from the scikit-learn 1.9.1 distribution
//! (BSD-3-Clause) and re-written as plain CSV with a header line.

use super::dataset::Dataset;

const DIABETES_CSV: &str = include_str!("../../data/diabetes.csv");
const IRIS_CSV: &str = include_str!("../../data/iris.csv");

/// Parses an embedded CSV whose last column is the target.
fn parse(name: &str, text: &str) -> Dataset {
    let mut lines = text.lines();
    let header = lines.next().expect("embedded CSV has a header");
    let p = header.split(',').count() - 1;
    let mut features = Vec::new();
    let mut targets = Vec::new();
    for line in lines.filter(|l| !l.trim().is_empty()) {
        let mut fields = line
            .split(',')
            .map(|f| f.trim().parse::<f64>().expect("embedded CSV is numeric"));
        features.extend(fields.by_ref().take(p));
        targets.push(fields.next().expect("embedded CSV rows have a target"));
    }
    Dataset::new(name, features, p, targets).expect("embedded data set is valid")
}

/// The diabetes regression data (442 × 10, raw units). Standardise it with
/// [`Dataset::standardised`] before fitting.
///
/// # Examples
/// ```
/// let d = sgdpde_landscape::empirical::datasets::diabetes();
/// assert_eq!((d.n_samples(), d.n_features()), (442, 10));
/// ```
pub fn diabetes() -> Dataset {
    parse("diabetes", DIABETES_CSV)
}

/// The iris data (150 × 4), targets 0, 1, 2 (setosa, versicolor, virginica).
pub fn iris() -> Dataset {
    parse("iris", IRIS_CSV)
}

/// Iris versicolor (label −1) against virginica (label +1): 100 × 4, a binary
/// problem that is **not** linearly separable, so logistic regression has a
/// finite minimiser (setosa is separable from the rest, which would send the
/// logistic minimiser to infinity).
pub fn iris_versicolor_virginica() -> Dataset {
    iris()
        .filter_map_targets("iris (versicolor −1 / virginica +1)", |y| {
            match y as i64 {
                1 => Some(-1.0),
                2 => Some(1.0),
                _ => None,
            }
        })
        .expect("the embedded iris data has both classes")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shapes_and_known_values() {
        let d = diabetes();
        assert_eq!((d.n_samples(), d.n_features()), (442, 10));
        assert_eq!(
            d.row(0),
            &[59.0, 2.0, 32.1, 101.0, 157.0, 93.2, 38.0, 4.0, 4.8598, 87.0]
        );
        assert_eq!(d.target(0), 151.0);
        let i = iris();
        assert_eq!((i.n_samples(), i.n_features()), (150, 4));
        assert_eq!(i.row(0), &[5.1, 3.5, 1.4, 0.2]);
        // Fisher's table: mean sepal length 5.843 (to 3 decimals).
        let mean_sl = (0..150).map(|k| i.row(k)[0]).sum::<f64>() / 150.0;
        assert!((mean_sl - 5.843_333_333_333_333).abs() < 1e-12);
        let b = iris_versicolor_virginica();
        assert_eq!(b.n_samples(), 100);
        assert_eq!(b.targets().iter().filter(|&&y| y > 0.0).count(), 50);
    }
}
