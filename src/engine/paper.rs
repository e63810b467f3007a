//! The Avellaneda-Stoikov (2008) paper simulation.
