// Replaced by the real entry point in the foundation change.
return 0;
