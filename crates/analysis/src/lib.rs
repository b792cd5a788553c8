//! Estimators, exact formulas and theory checks for sgdpde (under construction: see issue 6).
