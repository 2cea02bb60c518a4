locals {
  tags = {
    Project     = var.name
    Environment = var.environment
    ManagedBy   = "terraform"
  }

  # Alarms fire when free storage drops below a tenth of the allocation.
  db_free_storage_threshold = var.db_allocated_storage * 1024 * 1024 * 1024 / 10
}
