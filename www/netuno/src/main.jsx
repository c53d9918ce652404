import React from 'react';
import ReactDOM from 'react-dom/client';
import _auth from '@netuno/auth-client';
import _service from '@netuno/service-client';
import App from './App';

// The app is served by the Netuno server itself: its services are on this origin. auth-client
// builds its `_auth` URL from the service client's prefix.
_service.config({
  prefix: '/services/'
});

// ?storage=local keeps the token in localStorage (shared by the tabs), else sessionStorage.
_auth.config({
  storage: new URLSearchParams(window.location.search).get('storage') === 'local' ? 'local' : 'session'
});

ReactDOM.createRoot(document.getElementById('root')).render(
  <React.StrictMode>
    <App />
  </React.StrictMode>
);
