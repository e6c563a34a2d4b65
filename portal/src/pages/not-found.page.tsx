import { Link } from 'react-router';
import { useTitle } from '../components/use-title';

export function NotFoundPage() {
  useTitle('Not found');
  return (
    <>
      <h1>Page not found</h1>
      <p>
        <Link to="/catalogue">Back to the catalogue</Link>
      </p>
    </>
  );
}
