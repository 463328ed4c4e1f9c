from django.core.management.base import BaseCommand

from evidence.services import hash_variants_fill


class Command(BaseCommand):
    help = (
        "Hash the copies trimmed 5% and 10% from each side of every stored photo that has none yet "
        "(photos stored before those hashes existed). Safe to run again."
    )

    def handle(self, *args, **options):
        filled = hash_variants_fill()
        self.stdout.write(f"Hashed the trimmed copies of {filled} photos.")
